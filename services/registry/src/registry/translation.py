"""Registry domain events → contract events (the only shapes that leave the service).

Events internal to the registry (approval suspensions, issues it has seen) stay
inside: the translator answers None for them.
"""

from __future__ import annotations

from typing import Any

from contracts import registry as contract
from contracts.base import EventData
from registry.domain import (
    CreditCodeClaim,
    ImportedProject,
    IssueWatch,
    KeyList,
    OrgUnit,
    Project,
    ProjectImport,
    ProjectUnit,
)
from servicekit.messaging.translation import Carried, Translations, originator_text


def _display(value: Any) -> str:
    if isinstance(value, dict):
        person, title = value.get("person"), value.get("title")
        if person is not None:
            return f"{person}({title})" if title else str(person)
        return ";".join(f"{k}:{_display(v)}" for k, v in value.items())
    return str(value)


def flat_attributes(attributes: dict[str, Any]) -> dict[str, str | list[str]]:
    """Seed attributes as the contract carries them: strings and lists of strings."""
    return {
        key: [_display(item) for item in value] if isinstance(value, list) else _display(value)
        for key, value in attributes.items()
    }


def _org_attributes(e: OrgUnit.Registered) -> dict[str, str | list[str]]:
    return flat_attributes(e.attributes)


_SLA_AT_RISK = Carried(contract.ApprovalSlaAtRisk, project_id=originator_text)
_SLA_BREACHED = Carried(contract.ApprovalSlaBreached, project_id=originator_text)


def _sla(e: Project.ApprovalSlaFlagged) -> EventData:
    # Two contract events from one domain event, by its status.
    return (_SLA_BREACHED if e.status == "breached" else _SLA_AT_RISK)(e)


def _on(e: KeyList.Confirmed) -> object:
    return e.on


_TRANSLATIONS = Translations(
    {
        OrgUnit.Registered: Carried(contract.OrgUnitRegistered, attributes=_org_attributes),
        OrgUnit.Changed: Carried(contract.OrgChanged),
        Project.Registered: Carried(contract.ProjectRegistered, project_id=originator_text),
        Project.StageChanged: Carried(contract.ProjectStageChanged, project_id=originator_text),
        Project.ProgressReported: Carried(contract.ProgressReported, project_id=originator_text),
        Project.SponsorAssigned: Carried(contract.SponsorAssigned, project_id=originator_text),
        Project.LeaderVisited: Carried(contract.LeaderVisited, project_id=originator_text),
        Project.ApprovalStepRecorded: Carried(
            contract.ApprovalStepRecorded, project_id=originator_text
        ),
        Project.ApprovalSlaFlagged: _sla,
        Project.WarningChanged: Carried(contract.ProjectWarningChanged, project_id=originator_text),
        KeyList.Confirmed: Carried(contract.KeyListConfirmed, confirmed_on=_on),
        KeyList.Changed: Carried(contract.KeyListChanged),
        ProjectUnit.Registered: Carried(contract.ProjectUnitRegistered),
    },
    internal=(
        Project.ApprovalSuspended,
        Project.ApprovalResumed,
        KeyList.Drafted,
        KeyList.Redrafted,
        IssueWatch.Seen,
        IssueWatch.Updated,
        # A unit's contact person and phone are not published; a code's claim is
        # the registry's own bookkeeping.
        ProjectUnit.ContactChanged,
        CreditCodeClaim.Claimed,
        # The import job and its row keys: the projects it registers are published.
        ProjectImport.Started,
        ProjectImport.Completed,
        ProjectImport.Refused,
        ImportedProject.Imported,
    ),
)
for _either in (_SLA_AT_RISK, _SLA_BREACHED):
    _either.check(Project.ApprovalSlaFlagged)


def translate(domain_event: Any) -> EventData | None:
    """The contract event for a domain event; None for the registry's internal events."""
    return _TRANSLATIONS(domain_event)
