"""Events produced by the scheduling service (meetings, decisions, county reports, tours)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from contracts.base import EventData
from contracts.types import DisplayText, Identifier, Month

Series = Literal["plenary", "dispatch", "topical", "county", "interview", "adhoc"]
Level = Literal["county", "department", "subcommand", "hq", "city_leadership"]


class _Scheduling(EventData):
    producer = "scheduling"


class MeetingScheduled(_Scheduling):
    """会议已安排 / A meeting was scheduled.

    A meeting of a series (plenary, dispatch, topical, …) on a date, with its chair and level.
    """

    event_name = "MeetingScheduled"
    meeting_id: Identifier
    series: Series
    title: DisplayText
    date: date
    chair: DisplayText
    level: Level
    subcommand: Identifier | None = None
    county: Identifier | None = None


class MeetingRescheduled(_Scheduling):
    """会议已改期 / A meeting was moved to another date."""

    event_name = "MeetingRescheduled"
    meeting_id: Identifier
    date: date
    reason: str = Field(min_length=1, max_length=500)


class MeetingCancelled(_Scheduling):
    """会议已取消 / A meeting was cancelled."""

    event_name = "MeetingCancelled"
    meeting_id: Identifier
    reason: str = Field(min_length=1, max_length=500)


class MeetingHeld(_Scheduling):
    """会议已召开 / A meeting was held.

    Who attended, how many decisions it took and which issues it discussed.
    """

    event_name = "MeetingHeld"
    meeting_id: Identifier
    series: Series
    level: Level
    held_on: date
    subcommand: Identifier | None = None
    county: Identifier | None = None
    attendees: list[DisplayText] = Field(default_factory=list)
    decisions: int = Field(ge=0)
    issues_discussed: list[Identifier] = Field(default_factory=list)


class DecisionAssigned(_Scheduling):
    """会议决定已交办 / A meeting decision assigned work to a unit.

    With a deadline in working days (交办); the issues service turns it into an issue.
    """

    event_name = "DecisionAssigned"
    meeting_id: Identifier
    decision_id: Identifier
    text: DisplayText
    assignee: Identifier
    deadline_working_days: int = Field(ge=1, le=120)
    project_id: Identifier | None = None
    county: Identifier | None = None
    held_on: date


class CountyReportFiled(_Scheduling):
    """县区已汇报 / A county filed its monthly report.

    The county's report for ``month`` was given on ``held_on``.
    """

    event_name = "CountyReportFiled"
    county: Identifier
    month: Month
    held_on: date


class CountyReportMissing(_Scheduling):
    """县区未按时汇报 / A county's monthly report is missing.

    Its deadline passed without a report.
    """

    event_name = "CountyReportMissing"
    county: Identifier
    month: Month
    deadline: date


class TourPlanned(_Scheduling):
    """观摩已计划 / A half-year compare-and-show tour (比晾晒) was planned.

    Visit slots per county (``allocation``), shared by its count of quality projects.
    """

    event_name = "TourPlanned"
    year: int = Field(ge=2000, le=2100)
    half: Literal["h1", "h2"]
    allocation: dict[Identifier, int]


class InterviewScheduled(_Scheduling):
    """约谈已安排 / An interview of a county was scheduled.

    A meeting where the county answers for a low ranking.
    """

    event_name = "InterviewScheduled"
    meeting_id: Identifier
    county: Identifier
    month: Month
    date: date
    chair: DisplayText
