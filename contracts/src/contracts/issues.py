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
    """问题已提出 / An issue was raised.

    From a project unit, a county, a leader, the office or a meeting (``source``), with its
    level, assignee and deadline.
    """

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
    """问题已交办 / An issue was assigned.

    To a unit at a level, with a deadline.
    """

    event_name = "IssueAssigned"
    level: Level
    assignee: Identifier
    deadline: date
    on: date


class IssueProgressed(_Issue):
    """问题已报进展 / Progress on an issue was reported.

    ``substantive`` says whether it counts as real progress (not just a note).
    """

    event_name = "IssueProgressed"
    substantive: bool
    on: date


class IssueResolved(_Issue):
    """问题已办结 / An issue was resolved.

    ``on_time`` says whether it was resolved by its deadline.
    """

    event_name = "IssueResolved"
    level: Level
    on: date
    on_time: bool


class IssueFollowedUp(_Issue):
    """问题已回访 / A resolved issue was followed up."""

    event_name = "IssueFollowedUp"
    on: date


class IssueClosed(_Issue):
    """问题已销号 / An issue was closed.

    With the requester's rating of the handling, when given.
    """

    event_name = "IssueClosed"
    level: Level
    on: date
    rating: Literal["优秀", "良好", "合格", "不合格"] | None = None


class IssueReopened(_Issue):
    """问题已重新打开 / A closed or resolved issue was reopened.

    With a new deadline.
    """

    event_name = "IssueReopened"
    level: Level
    deadline: date
    on: date


class IssueEscalated(_Issue):
    """问题已升级 / An issue was escalated to a higher level.

    From ``from_level`` to ``to_level``, with the reason, the new assignee and deadline.
    """

    event_name = "IssueEscalated"
    from_level: Level
    to_level: Level
    reason: str = Field(min_length=1, max_length=500)
    assignee: Identifier
    deadline: date
    on: date


class IssueSupervised(_Issue):
    """问题已纳入13710督办 / The issue entered 13710 supervision.

    Because it stalled, came from dispatch meetings or the office decided so.
    """

    event_name = "IssueSupervised"
    reason: Literal["stalled", "dispatch_meetings", "office_decision"]
    on: date


class SupervisionLimitMissed(_Issue):
    """督办时限未满足 / A 13710 supervision time limit was missed.

    The limit (assign, report, resolve) that fell due on ``due`` without being met.
    """

    event_name = "SupervisionLimitMissed"
    limit: Literal["assign", "report", "resolve_ordinary", "resolve_major"]
    due: date
    on: date


class ExtensionGranted(_Issue):
    """问题已延期 / An issue's deadline was extended.

    By ``working_days`` working days, to the new ``deadline``.
    """

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
