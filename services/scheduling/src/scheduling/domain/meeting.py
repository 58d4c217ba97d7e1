"""A meeting: scheduled, perhaps moved or cancelled, then held with minutes.

Minutes freeze the agenda as it stood when the meeting was held; each decision
that assigns work to a unit with a deadline (交办) is its own event, which the
issues service turns into an issue.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from scheduling.domain.errors import SchedulingError

MEETING_NAMESPACE = uuid.UUID("a9d3e0f4-5b1c-4f1e-8e2d-7c6b5a4f3e21")
SERIES = ("plenary", "dispatch", "topical", "county", "interview", "adhoc")
LEVELS = ("county", "department", "subcommand", "hq", "city_leadership")


@dataclass(frozen=True)
class Decision:
    """One decision of the minutes; with an assignee and a deadline it assigns work."""

    decision_id: str
    text: str
    assignee: str | None = None
    deadline_working_days: int | None = None
    project_id: str | None = None
    county: str | None = None

    @property
    def assigns_work(self) -> bool:
        return self.assignee is not None and self.deadline_working_days is not None


class Meeting(Aggregate):
    @staticmethod
    def create_id(meeting_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(MEETING_NAMESPACE, meeting_id)

    class Scheduled(Aggregate.Created):
        meeting_id: str
        series: str
        title: str
        date: date
        chair: str
        level: str
        subcommand: str | None
        county: str | None
        month: str

    class Rescheduled(Aggregate.Event):
        meeting_id: str
        date: date
        reason: str

    class Cancelled(Aggregate.Event):
        meeting_id: str
        reason: str

    class InterviewArranged(Aggregate.Event):
        """The interview (约谈) a county's ranking required; the meeting carries it."""

        meeting_id: str
        county: str
        month: str
        date: date
        chair: str

    class Held(Aggregate.Event):
        meeting_id: str
        series: str
        level: str
        subcommand: str | None
        county: str | None
        held_on: date
        attendees: list[str]
        decisions: list[dict[str, Any]]
        agenda: list[dict[str, Any]]

    class DecisionAssigned(Aggregate.Event):
        meeting_id: str
        decision: dict[str, Any]
        held_on: date

    @event(Scheduled)
    def __init__(
        self,
        meeting_id: str,
        series: str,
        title: str,
        date: date,
        chair: str,
        level: str,
        subcommand: str | None,
        county: str | None,
        month: str,
    ) -> None:
        self.meeting_id = meeting_id
        self.series = series
        self.title = title
        self.date = date
        self.chair = chair
        self.level = level
        self.subcommand = subcommand
        self.county = county
        self.month = month
        self.status = "scheduled"
        self.history: list[dict[str, str]] = []
        self.held_on: dt.date | None = None
        self.attendees: list[str] = []
        self.decisions: list[dict[str, Any]] = []
        self.agenda: list[dict[str, Any]] = []

    def _require_scheduled(self, what: str) -> None:
        if self.status != "scheduled":
            raise SchedulingError(
                f"会议已{'召开' if self.status == 'held' else '取消'},不能{what} / "
                f"the meeting is {self.status}; cannot {what}"
            )

    def reschedule(self, new_date: date, reason: str) -> None:
        self._require_scheduled("改期")
        if new_date == self.date:
            raise SchedulingError(f"会议已定于 {new_date} / the meeting is already on {new_date}")
        self._rescheduled(self.meeting_id, new_date, reason)

    @event(Rescheduled)
    def _rescheduled(self, meeting_id: str, date: date, reason: str) -> None:
        self.history.append({"change": "rescheduled", "from": str(self.date), "reason": reason})
        self.date = date

    def cancel(self, reason: str) -> None:
        self._require_scheduled("取消")
        self._cancelled(self.meeting_id, reason)

    @event(Cancelled)
    def _cancelled(self, meeting_id: str, reason: str) -> None:
        self.history.append({"change": "cancelled", "reason": reason})
        self.status = "cancelled"

    def arrange_interview(self, county: str, month: str) -> None:
        """Mark this meeting as the interview (约谈) ``month``'s notice required."""
        self._interview(self.meeting_id, county, month, self.date, self.chair)

    @event(InterviewArranged)
    def _interview(self, meeting_id: str, county: str, month: str, date: date, chair: str) -> None:
        self.interview_month = month

    def hold(
        self,
        held_on: date,
        attendees: list[str],
        decisions: list[Decision],
        agenda: list[dict[str, Any]],
    ) -> None:
        """Record the minutes; every work-assigning decision becomes its own event."""
        self._require_scheduled("记录纪要")
        records = [vars(d).copy() for d in decisions]
        self._held(
            self.meeting_id,
            self.series,
            self.level,
            self.subcommand,
            self.county,
            held_on,
            list(attendees),
            records,
            list(agenda),
        )
        for record, decision in zip(records, decisions, strict=True):
            if decision.assigns_work:
                self._decision_assigned(self.meeting_id, record, held_on)

    @event(Held)
    def _held(
        self,
        meeting_id: str,
        series: str,
        level: str,
        subcommand: str | None,
        county: str | None,
        held_on: date,
        attendees: list[str],
        decisions: list[dict[str, Any]],
        agenda: list[dict[str, Any]],
    ) -> None:
        self.status = "held"
        self.held_on = held_on
        self.attendees = attendees
        self.decisions = decisions
        self.agenda = agenda

    @event(DecisionAssigned)
    def _decision_assigned(self, meeting_id: str, decision: dict[str, Any], held_on: date) -> None:
        pass
