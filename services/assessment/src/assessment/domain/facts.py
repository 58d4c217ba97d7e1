"""What assessment knows of the other services: their events folded into plain state.

Every consumed message is kept in assessment's own log as a ``SourceFact`` with
its producer stream and stream sequence. Folding those facts in order — all of
them, or only those at or below given positions — rebuilds exactly the state a
figure was computed from. Payloads arrive as JSON-mode dicts (dates and money as
strings), so this module needs no contract classes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from assessment.domain.records import IssueFact, MeetingFact, ProjectFact, UnitFact


@dataclass
class Facts:
    units: dict[str, UnitFact] = field(default_factory=dict)
    projects: dict[str, ProjectFact] = field(default_factory=dict)
    confirmed_lists: dict[int, set[str]] = field(default_factory=dict)
    issues: dict[str, IssueFact] = field(default_factory=dict)
    meetings: dict[str, MeetingFact] = field(default_factory=dict)
    # (county, month) → "filed" | "missing"; a late filing replaces "missing"
    county_reports: dict[tuple[str, str], str] = field(default_factory=dict)
    # producer stream → last stream sequence folded in
    positions: dict[str, int] = field(default_factory=dict)

    def apply(self, stream: str, seq: int, event_type: str, data: Mapping[str, Any]) -> None:
        """Fold one consumed event; unknown types only move the position."""
        applier = _APPLIERS.get(event_type)
        if applier is not None:
            applier(self, data)
        self.positions[stream] = max(seq, self.positions.get(stream, 0))

    def year_list(self, year: int) -> list[ProjectFact]:
        """The confirmed list when HQ confirmed one, else every project registered for the year."""
        confirmed = self.confirmed_lists.get(year)
        if confirmed is not None:
            return [self.projects[pid] for pid in sorted(confirmed) if pid in self.projects]
        return [p for p in self.projects.values() if p.year == year]

    def name_of(self, unit_id: str) -> str:
        unit = self.units.get(unit_id)
        return unit.name if unit is not None else unit_id

    def units_of_kind(self, kind: str) -> list[UnitFact]:
        return [unit for unit in self.units.values() if unit.kind == kind]


def _day(value: Any) -> date:
    return date.fromisoformat(str(value))


def _unit(facts: Facts, data: Mapping[str, Any]) -> None:
    facts.units[data["unit_id"]] = UnitFact(
        data["unit_id"], data["kind"], data["name"], dict(data.get("attributes") or {})
    )


def _org_changed(facts: Facts, data: Mapping[str, Any]) -> None:
    unit = facts.units.get(data["unit_id"])
    if unit is not None and data["change"] == "renamed":
        unit.name = data["value"]


def _project(facts: Facts, data: Mapping[str, Any]) -> None:
    facts.projects[data["project_id"]] = ProjectFact(
        project_id=data["project_id"],
        name=data["name"],
        county=data["county"],
        subcommand=data["subcommand"],
        year=int(data["year"]),
        annual_plan=Decimal(str(data["annual_planned_investment"])),
        planned_start=_day(data["planned_start"]),
        planned_completion=_day(data["planned_completion"]),
        is_new=bool(data["is_new"]),
    )


def _stage(facts: Facts, data: Mapping[str, Any]) -> None:
    project = facts.projects.get(data["project_id"])
    if project is not None:
        project.stages.append((data["stage"], _day(data["on"])))


def _progress(facts: Facts, data: Mapping[str, Any]) -> None:
    project = facts.projects.get(data["project_id"])
    if project is not None:
        project.reports[data["month"]] = Decimal(str(data["investment_completed"]))


def _approval(facts: Facts, data: Mapping[str, Any]) -> None:
    project = facts.projects.get(data["project_id"])
    if project is not None:
        project.approval_days_used = int(data["working_days_used"])
        project.approval_limit = int(data["limit"])


def _sla_breached(facts: Facts, data: Mapping[str, Any]) -> None:
    project = facts.projects.get(data["project_id"])
    if project is not None and project.sla_breached_on is None:
        project.sla_breached_on = _day(data["as_of"])


def _list_confirmed(facts: Facts, data: Mapping[str, Any]) -> None:
    facts.confirmed_lists[int(data["year"])] = set(data["project_ids"])


def _list_changed(facts: Facts, data: Mapping[str, Any]) -> None:
    listed = facts.confirmed_lists.setdefault(int(data["year"]), set())
    if data["change"] == "added":
        listed.add(data["project_id"])
    else:
        listed.discard(data["project_id"])


def _issue_raised(facts: Facts, data: Mapping[str, Any]) -> None:
    facts.issues[data["issue_id"]] = IssueFact(
        issue_id=data["issue_id"],
        county=data.get("county"),
        project_id=data.get("project_id"),
        subcommand=data.get("subcommand"),
        level=data["level"],
        department=data.get("responsible_department"),
        assignee=data["assignee"],
        title=data["title"],
        deadline=_day(data["deadline"]),
        raised_on=_day(data["raised_on"]),
    )


def _issue_update(change: Callable[[IssueFact, Mapping[str, Any]], None]) -> Applier:
    def apply(facts: Facts, data: Mapping[str, Any]) -> None:
        issue = facts.issues.get(data["issue_id"])
        if issue is not None:
            change(issue, data)

    return apply


def _resolved(issue: IssueFact, data: Mapping[str, Any]) -> None:
    issue.resolved_on = _day(data["on"])
    issue.on_time = bool(data["on_time"])


def _reopened(issue: IssueFact, data: Mapping[str, Any]) -> None:
    issue.resolved_on, issue.on_time, issue.closed_on = None, None, None
    issue.deadline = _day(data["deadline"])


def _moved(issue: IssueFact, data: Mapping[str, Any]) -> None:
    issue.deadline = _day(data["deadline"])
    issue.assignee = data["assignee"]
    issue.level = data.get("to_level") or data.get("level") or issue.level


def _closed(issue: IssueFact, data: Mapping[str, Any]) -> None:
    issue.closed_on = _day(data["on"])


def _supervised(issue: IssueFact, data: Mapping[str, Any]) -> None:
    issue.supervised_on = issue.supervised_on or _day(data["on"])


def _limit_missed(issue: IssueFact, data: Mapping[str, Any]) -> None:
    issue.breaches.append(_day(data["on"]))


def _extended(issue: IssueFact, data: Mapping[str, Any]) -> None:
    issue.deadline = _day(data["deadline"])


def _meeting(facts: Facts, data: Mapping[str, Any]) -> MeetingFact:
    return facts.meetings.setdefault(
        data["meeting_id"], MeetingFact(data["meeting_id"], data.get("series", "adhoc"))
    )


def _meeting_scheduled(facts: Facts, data: Mapping[str, Any]) -> None:
    meeting = _meeting(facts, data)
    meeting.planned_on = _day(data["date"])
    meeting.county, meeting.subcommand = data.get("county"), data.get("subcommand")


def _meeting_held(facts: Facts, data: Mapping[str, Any]) -> None:
    meeting = _meeting(facts, data)
    meeting.series = data["series"]
    meeting.held_on = _day(data["held_on"])
    meeting.decisions = int(data.get("decisions", 0))
    meeting.county = data.get("county") or meeting.county
    meeting.subcommand = data.get("subcommand") or meeting.subcommand


def _county_report(status: str) -> Applier:
    def apply(facts: Facts, data: Mapping[str, Any]) -> None:
        key = (data["county"], data["month"])
        if status == "filed" or facts.county_reports.get(key) != "filed":
            facts.county_reports[key] = status

    return apply


Applier = Callable[[Facts, Mapping[str, Any]], None]

_APPLIERS: dict[str, Applier] = {
    "OrgUnitRegistered": _unit,
    "OrgChanged": _org_changed,
    "ProjectRegistered": _project,
    "ProjectStageChanged": _stage,
    "ProgressReported": _progress,
    "ApprovalStepRecorded": _approval,
    "ApprovalSlaBreached": _sla_breached,
    "KeyListConfirmed": _list_confirmed,
    "KeyListChanged": _list_changed,
    "IssueRaised": _issue_raised,
    "IssueResolved": _issue_update(_resolved),
    "IssueReopened": _issue_update(_reopened),
    "IssueAssigned": _issue_update(_moved),
    "IssueEscalated": _issue_update(_moved),
    "IssueClosed": _issue_update(_closed),
    "IssueSupervised": _issue_update(_supervised),
    "SupervisionLimitMissed": _issue_update(_limit_missed),
    "ExtensionGranted": _issue_update(_extended),
    "IssueDeadlineRecomputed": _issue_update(_extended),
    "MeetingScheduled": _meeting_scheduled,
    "MeetingHeld": _meeting_held,
    "CountyReportFiled": _county_report("filed"),
    "CountyReportMissing": _county_report("missing"),
}

CONSUMED_EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "registry": (
        "OrgUnitRegistered",
        "OrgChanged",
        "ProjectRegistered",
        "ProjectStageChanged",
        "ProgressReported",
        "ApprovalStepRecorded",
        "ApprovalSlaBreached",
        "KeyListConfirmed",
        "KeyListChanged",
        "ProjectWarningChanged",
    ),
    "issues": (
        "IssueRaised",
        "IssueAssigned",
        "IssueResolved",
        "IssueReopened",
        "IssueClosed",
        "IssueEscalated",
        "IssueSupervised",
        "SupervisionLimitMissed",
        "ExtensionGranted",
        "IssueDeadlineRecomputed",
    ),
    "scheduling": ("MeetingScheduled", "MeetingHeld", "CountyReportFiled", "CountyReportMissing"),
}
