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
    event_name = "MeetingRescheduled"
    meeting_id: Identifier
    date: date
    reason: str = Field(min_length=1, max_length=500)


class MeetingCancelled(_Scheduling):
    event_name = "MeetingCancelled"
    meeting_id: Identifier
    reason: str = Field(min_length=1, max_length=500)


class MeetingHeld(_Scheduling):
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
    """A meeting decision assigning work to a unit with a deadline (交办): becomes an issue."""

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
    event_name = "CountyReportFiled"
    county: Identifier
    month: Month
    held_on: date


class CountyReportMissing(_Scheduling):
    event_name = "CountyReportMissing"
    county: Identifier
    month: Month
    deadline: date


class TourPlanned(_Scheduling):
    event_name = "TourPlanned"
    year: int = Field(ge=2000, le=2100)
    half: Literal["h1", "h2"]
    allocation: dict[Identifier, int]


class InterviewScheduled(_Scheduling):
    event_name = "InterviewScheduled"
    meeting_id: Identifier
    county: Identifier
    month: Month
    date: date
    chair: DisplayText
