"""Registry domain events → contract events (the only shapes that leave the service).

Events internal to the registry (approval suspensions, issues it has seen) stay
inside: the translator answers None for them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contracts import registry as contract
from contracts.base import EventData
from registry.domain import IssueWatch, KeyList, OrgUnit, Project


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


def _org_registered(e: OrgUnit.Registered) -> EventData:
    return contract.OrgUnitRegistered(
        unit_id=e.unit_id,
        kind=e.kind,
        name=e.name,
        attributes=flat_attributes(e.attributes),
        effective_on=e.effective_on,
    )


def _org_changed(e: OrgUnit.Changed) -> EventData:
    return contract.OrgChanged(
        unit_id=e.unit_id,
        change=e.change,
        value=e.value,
        effective_on=e.effective_on,
        reason=e.reason,
    )


def _registered(e: Project.Registered) -> EventData:
    return contract.ProjectRegistered(
        project_id=str(e.originator_id),
        name=e.name,
        county=e.county,
        sector=e.sector,
        subcommand=e.subcommand,
        level=e.level,
        year=e.year,
        project_unit=e.project_unit,
        total_investment=e.total_investment,
        annual_planned_investment=e.annual_planned_investment,
        planned_start=e.planned_start,
        planned_completion=e.planned_completion,
        is_new=e.is_new,
        is_industrial=e.is_industrial,
    )


def _stage(e: Project.StageChanged) -> EventData:
    return contract.ProjectStageChanged(
        project_id=str(e.originator_id),
        county=e.county,
        stage=e.stage,
        previous_stage=e.previous_stage,
        on=e.on,
    )


def _progress(e: Project.ProgressReported) -> EventData:
    return contract.ProgressReported(
        project_id=str(e.originator_id),
        county=e.county,
        month=e.month,
        investment_completed=e.investment_completed,
        physical_progress=e.physical_progress,
        correction=e.correction,
        cumulative_investment=e.cumulative_investment,
        year_to_date_investment=e.year_to_date_investment,
    )


def _sponsor(e: Project.SponsorAssigned) -> EventData:
    return contract.SponsorAssigned(
        project_id=str(e.originator_id), county=e.county, leader=e.leader, on=e.on
    )


def _visit(e: Project.LeaderVisited) -> EventData:
    return contract.LeaderVisited(
        project_id=str(e.originator_id),
        county=e.county,
        leader=e.leader,
        on=e.on,
        kind=e.kind,
    )


def _approval(e: Project.ApprovalStepRecorded) -> EventData:
    return contract.ApprovalStepRecorded(
        project_id=str(e.originator_id),
        county=e.county,
        step=e.step,
        submitted_on=e.submitted_on,
        granted_on=e.granted_on,
        working_days_used=e.working_days_used,
        limit=e.limit,
    )


def _sla(e: Project.ApprovalSlaFlagged) -> EventData:
    kind = contract.ApprovalSlaBreached if e.status == "breached" else contract.ApprovalSlaAtRisk
    return kind(
        project_id=str(e.originator_id),
        county=e.county,
        working_days_used=e.working_days_used,
        limit=e.limit,
        as_of=e.as_of,
    )


def _warning(e: Project.WarningChanged) -> EventData:
    return contract.ProjectWarningChanged(
        project_id=str(e.originator_id),
        county=e.county,
        subcommand=e.subcommand,
        month=e.month,
        start_light=e.start_light,
        investment_light=e.investment_light,
        overall=e.overall,
    )


def _list_confirmed(e: KeyList.Confirmed) -> EventData:
    return contract.KeyListConfirmed(year=e.year, project_ids=e.project_ids, confirmed_on=e.on)


def _list_changed(e: KeyList.Changed) -> EventData:
    return contract.KeyListChanged(
        year=e.year,
        project_id=e.project_id,
        change=e.change,
        reason=e.reason,
        on=e.on,
    )


_TRANSLATORS: dict[type[Any], Callable[[Any], EventData]] = {
    OrgUnit.Registered: _org_registered,
    OrgUnit.Changed: _org_changed,
    Project.Registered: _registered,
    Project.StageChanged: _stage,
    Project.ProgressReported: _progress,
    Project.SponsorAssigned: _sponsor,
    Project.LeaderVisited: _visit,
    Project.ApprovalStepRecorded: _approval,
    Project.ApprovalSlaFlagged: _sla,
    Project.WarningChanged: _warning,
    KeyList.Confirmed: _list_confirmed,
    KeyList.Changed: _list_changed,
}

_INTERNAL: tuple[type[Any], ...] = (
    Project.ApprovalSuspended,
    Project.ApprovalResumed,
    KeyList.Drafted,
    KeyList.Redrafted,
    IssueWatch.Seen,
    IssueWatch.Updated,
)


def translate(domain_event: Any) -> EventData | None:
    """The contract event for a domain event; None for the registry's internal events."""
    translator = _TRANSLATORS.get(type(domain_event))
    if translator is not None:
        return translator(domain_event)
    if isinstance(domain_event, _INTERNAL):
        return None
    raise LookupError(f"no contract for domain event {type(domain_event).__qualname__}")
