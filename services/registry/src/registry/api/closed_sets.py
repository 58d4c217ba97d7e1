"""The registry's closed sets in its OpenAPI document (servicekit.web.openapi_sets).

Stages, lights, levels and kinds are the domain's own tables; approval steps come
from the policy file; counties, sub-commands and the sectors each sub-command
covers come from the organisation as registered, read at each request.
"""

from __future__ import annotations

from typing import Any

from contracts.labels import (
    LIGHT_LABELS,
    PROJECT_LEVEL_LABELS,
    SECTOR_LABELS,
    STAGE_LABELS,
    SUSPENSION_LABELS,
    VISIT_KIND_LABELS,
    label,
)
from registry.application import Registry
from servicekit.web.openapi_sets import ROLES, ClosedSet

CALENDAR_SOURCES = ClosedSet.of(
    {
        "statutory": "国务院公布的安排（chinese_calendar）",
        "override": "本办载入的安排（覆盖文件）",
        "fallback": "暂按周一至周五（安排尚未载入）",
    }
)


def _fields(names: str, closed: ClosedSet) -> dict[str, ClosedSet]:
    return dict.fromkeys(names.split(), closed)


_STAGES, _LIGHTS = ClosedSet.of(STAGE_LABELS), ClosedSet.of(LIGHT_LABELS)
FIXED_SETS = {
    **_fields("ProjectOut.stage ProjectSummary.stage", _STAGES),
    **_fields(
        "WarningListItem.start_light WarningListItem.investment_light "
        "WarningListItem.overall WarningOut.start_light WarningOut.investment_light "
        "WarningOut.overall ProjectSummary.warning",
        _LIGHTS,
    ),
    "ProjectOut.level": ClosedSet.of(PROJECT_LEVEL_LABELS),
    "SuspensionIn.kind": ClosedSet.of(SUSPENSION_LABELS),
    "VisitOut.kind": ClosedSet.of(VISIT_KIND_LABELS),
    "ProjectEventOut.actor_role": ROLES,
    **_fields("WorkingDaysOut.source ApprovalOut.calendar_source", CALENDAR_SOURCES),
}


def live_sets(app: Any) -> dict[str, ClosedSet]:
    """Approval steps of the policy, and the organisation as registered today."""
    if not isinstance(app, Registry):
        return {}
    steps = ClosedSet.of(app.rules.step_names)
    units, today = list(app.org_directory.current().values()), app.clock.today()
    counties = ClosedSet.of({u.unit_id: u.name_on(today) for u in units if u.kind == "county"})
    subcommands = [u for u in units if u.kind == "subcommand"]
    sectors = ClosedSet.of(
        {
            sector: f"{label(SECTOR_LABELS, sector)}（{unit.name_on(today)}）"
            for unit in subcommands
            for sector in unit.attributes.get("sectors", [])
        }
    )
    return {
        **_fields("ApprovalIn.step StepOut.step", steps),
        **_fields(
            "ProjectIn.county ProjectOut.county ProjectSummary.county CandidateOut.county "
            "WarningListItem.county",
            counties,
        ),
        **_fields("ProjectIn.sector ProjectOut.sector", sectors),
        **_fields(
            "ProjectOut.subcommand ProjectSummary.subcommand WarningListItem.subcommand",
            ClosedSet.of({u.unit_id: u.name_on(today) for u in subcommands}),
        ),
    }
