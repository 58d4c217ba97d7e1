"""Scheduling domain events → contract events.

Facts learned from other services (organisation, issues, projects, notices) and
the calendar marker are internal (None): they are not re-published.
"""

from __future__ import annotations

from typing import Any

from contracts import scheduling as contract
from contracts.base import EventData
from scheduling.domain import (
    CalendarFeed,
    CountyMonth,
    LatestNotice,
    Meeting,
    Organisation,
    Tour,
    WatchedIssue,
    WatchedProject,
    YearCalendar,
)
from servicekit.messaging.translation import Carried, Translations

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
    # Subscription links are a person's own credential: never published.
    CalendarFeed.Issued,
    CalendarFeed.Revoked,
)


def _decision_count(e: Meeting.Held) -> int:
    return len(e.decisions)


def _issues_discussed(e: Meeting.Held) -> list[str]:
    discussed = [str(item["issue_id"]) for item in e.agenda if item.get("issue_id")]
    return list(dict.fromkeys(discussed))


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


_TRANSLATIONS = Translations(
    {
        Meeting.Scheduled: Carried(contract.MeetingScheduled),
        Meeting.Rescheduled: Carried(contract.MeetingRescheduled),
        Meeting.Cancelled: Carried(contract.MeetingCancelled),
        Meeting.Held: Carried(
            contract.MeetingHeld, decisions=_decision_count, issues_discussed=_issues_discussed
        ),
        Meeting.DecisionAssigned: _decision,
        Meeting.InterviewArranged: Carried(contract.InterviewScheduled),
        CountyMonth.Filed: Carried(contract.CountyReportFiled),
        CountyMonth.Missing: Carried(contract.CountyReportMissing),
        Tour.Planned: Carried(contract.TourPlanned),
    },
    internal=INTERNAL,
)


def translate(domain_event: Any) -> EventData | None:
    return _TRANSLATIONS(domain_event)
