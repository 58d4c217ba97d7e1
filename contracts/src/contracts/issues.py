"""Events produced by the issues service (problem list, escalation, 13710 supervision)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from contracts.base import EventData
from contracts.types import DisplayText, Identifier

Level = Literal["county", "department", "subcommand", "hq", "city_leadership"]


class _Issue(EventData):
    """Every issue event names the issue, its project and county, so consumers stay simple."""

    producer = "issues"
    issue_id: Identifier
    project_id: Identifier | None = None
    county: Identifier | None = None


class IssueRaised(_Issue):
    event_name = "IssueRaised"
    subcommand: Identifier | None = None
    category: Identifier
    title: DisplayText
    level: Level
    responsible_department: Identifier | None = None
    assignee: Identifier
    deadline: date
    raised_on: date
    source: Literal["project_unit", "county", "leader", "office", "meeting"]
    meeting_id: Identifier | None = None


class IssueAssigned(_Issue):
    event_name = "IssueAssigned"
    level: Level
    assignee: Identifier
    deadline: date
    on: date


class IssueProgressed(_Issue):
    event_name = "IssueProgressed"
    substantive: bool
    on: date


class IssueResolved(_Issue):
    event_name = "IssueResolved"
    level: Level
    on: date
    on_time: bool


class IssueFollowedUp(_Issue):
    event_name = "IssueFollowedUp"
    on: date


class IssueClosed(_Issue):
    event_name = "IssueClosed"
    level: Level
    on: date
    rating: Literal["优秀", "良好", "合格", "不合格"] | None = None


class IssueReopened(_Issue):
    event_name = "IssueReopened"
    level: Level
    deadline: date
    on: date


class IssueEscalated(_Issue):
    event_name = "IssueEscalated"
    from_level: Level
    to_level: Level
    reason: str = Field(min_length=1, max_length=500)
    assignee: Identifier
    deadline: date
    on: date


class IssueSupervised(_Issue):
    """The issue entered 13710 supervision."""

    event_name = "IssueSupervised"
    reason: Literal["stalled", "dispatch_meetings", "office_decision"]
    on: date


class SupervisionLimitMissed(_Issue):
    event_name = "SupervisionLimitMissed"
    limit: Literal["assign", "report", "resolve_ordinary", "resolve_major"]
    due: date
    on: date


class ExtensionGranted(_Issue):
    event_name = "ExtensionGranted"
    working_days: int = Field(ge=1, le=60)
    deadline: date
    on: date


class IssueDeadlineRecomputed(_Issue):
    """问题期限已重算 / An issue's provisional deadline was counted again.

    The deadline had been counted Monday–Friday through years whose statutory
    holidays were not loaded; once a schedule for one of them arrived (a newer
    calendar library or the office's override file) the issues service counted
    the same number of working days from the same day again. ``previous_deadline``
    and ``deadline`` may be equal: the date is then confirmed, no longer provisional.
    """

    event_name = "IssueDeadlineRecomputed"
    previous_deadline: date
    deadline: date
    provisional: bool = Field(
        description="仍含未载入节假日安排的年份 / still crosses a year without a schedule"
    )
    on: date
