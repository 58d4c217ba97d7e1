"""Scheduling domain events → contract events.

Facts learned from other services (organisation, issues, projects, notices) and
the calendar marker are internal (None): they are not re-published.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contracts import scheduling as contract
from contracts.base import EventData
from scheduling.domain import (
    CountyMonth,
    LatestNotice,
    Meeting,
    Organisation,
    Tour,
    WatchedIssue,
    WatchedProject,
    YearCalendar,
)

INTERNAL: tuple[type, ...] = (
    Organisation.Started,
    Organisation.UnitLearned,
    Organisation.UnitChanged,
    WatchedIssue.Seen,
    WatchedIssue.Updated,
    WatchedProject.Seen,
    WatchedProject.WarningChanged,
    LatestNotice.Started,
    LatestNotice.Published,
    YearCalendar.Generated,
    YearCalendar.Extended,
    CountyMonth.Opened,
    Tour.Created,
)


def _scheduled(e: Meeting.Scheduled) -> EventData:
    return contract.MeetingScheduled(
        meeting_id=e.meeting_id,
        series=e.series,
        title=e.title,
        date=e.date,
        chair=e.chair,
        level=e.level,
        subcommand=e.subcommand,
        county=e.county,
    )


def _rescheduled(e: Meeting.Rescheduled) -> EventData:
    return contract.MeetingRescheduled(meeting_id=e.meeting_id, date=e.date, reason=e.reason)


def _cancelled(e: Meeting.Cancelled) -> EventData:
    return contract.MeetingCancelled(meeting_id=e.meeting_id, reason=e.reason)


def _held(e: Meeting.Held) -> EventData:
    discussed = [str(item["issue_id"]) for item in e.agenda if item.get("issue_id")]
    return contract.MeetingHeld(
        meeting_id=e.meeting_id,
        series=e.series,
        level=e.level,
        held_on=e.held_on,
        subcommand=e.subcommand,
        county=e.county,
        attendees=e.attendees,
        decisions=len(e.decisions),
        issues_discussed=list(dict.fromkeys(discussed)),
    )


def _decision(e: Meeting.DecisionAssigned) -> EventData:
    d = e.decision
    return contract.DecisionAssigned(
        meeting_id=e.meeting_id,
        decision_id=d["decision_id"],
        text=d["text"],
        assignee=d["assignee"],
        deadline_working_days=d["deadline_working_days"],
        project_id=d.get("project_id"),
        county=d.get("county"),
        held_on=e.held_on,
    )


def _interview(e: Meeting.InterviewArranged) -> EventData:
    return contract.InterviewScheduled(
        meeting_id=e.meeting_id, county=e.county, month=e.month, date=e.date, chair=e.chair
    )


def _filed(e: CountyMonth.Filed) -> EventData:
    return contract.CountyReportFiled(county=e.county, month=e.month, held_on=e.held_on)


def _missing(e: CountyMonth.Missing) -> EventData:
    return contract.CountyReportMissing(county=e.county, month=e.month, deadline=e.deadline)


def _tour(e: Tour.Planned) -> EventData:
    return contract.TourPlanned(year=e.year, half=e.half, allocation=e.allocation)


_HANDLERS: dict[type, Callable[[Any], EventData]] = {
    Meeting.Scheduled: _scheduled,
    Meeting.Rescheduled: _rescheduled,
    Meeting.Cancelled: _cancelled,
    Meeting.Held: _held,
    Meeting.DecisionAssigned: _decision,
    Meeting.InterviewArranged: _interview,
    CountyMonth.Filed: _filed,
    CountyMonth.Missing: _missing,
    Tour.Planned: _tour,
}


def translate(domain_event: Any) -> EventData | None:
    if isinstance(domain_event, INTERNAL):
        return None
    handler = _HANDLERS.get(type(domain_event))
    if handler is None:
        raise LookupError(f"no contract for domain event {type(domain_event).__qualname__}")
    return handler(domain_event)
