"""HTTP bodies of the scheduling API (unknown fields refused)."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.types import DisplayText, Identifier
from servicekit.web.dates import BusinessDate, BusinessMonth

# Business months of the policy's range; year 0000 would crash date arithmetic.
Month = Annotated[BusinessMonth, Field(description="YYYY-MM")]

Level = Literal["county", "department", "subcommand", "hq", "city_leadership"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class AdhocMeetingIn(Body):
    title: DisplayText
    chair: DisplayText
    date: BusinessDate
    level: Level
    subcommand: Identifier | None = None
    county: Identifier | None = None


class RescheduleIn(Body):
    date: BusinessDate
    reason: str = Field(min_length=1, max_length=500)


class CancelIn(Body):
    reason: str = Field(min_length=1, max_length=500)


class DecisionIn(Body):
    text: DisplayText
    assignee: Identifier | None = None
    deadline_working_days: int | None = Field(default=None, ge=1, le=120)
    project_id: Identifier | None = None
    county: Identifier | None = None


class MinutesIn(Body):
    held_on: BusinessDate
    attendees: list[DisplayText] = Field(default_factory=list, max_length=500)
    decisions: list[DecisionIn] = Field(default_factory=list, max_length=200)


class CountyReportIn(Body):
    county: Identifier
    month: Month
    held_on: BusinessDate
    summary: str = Field(default="", max_length=5000)


class SweepIn(Body):
    as_of: BusinessDate


class TourIn(Body):
    slots: int = Field(ge=0, le=1000)


class MeetingOut(BaseModel):
    meeting_id: str
    series: str
    title: str
    date: date
    chair: str
    level: str
    subcommand: str | None
    county: str | None
    month: str
    status: str
    held_on: dt.date | None = None
    version: int
    attendees: list[str] = Field(default_factory=list)
    decisions: list[dict[str, Any]] = Field(default_factory=list)
    agenda: list[dict[str, Any]] = Field(default_factory=list)
    history: list[dict[str, str]] = Field(default_factory=list)


class CalendarOut(BaseModel):
    year: int
    counts: dict[str, int]
    created: int
    total: int


class AgendaOut(BaseModel):
    meeting_id: str
    frozen: bool
    items: list[dict[str, Any]]


class CountyReportOut(BaseModel):
    county: str
    month: str
    reports: list[dict[str, str]]
    deadline: date
    flagged_missing: bool
    version: int


class SweepOut(BaseModel):
    as_of: date
    county_reports_missing: list[dict[str, str]]


class TourShareOut(BaseModel):
    county: str
    quality_projects: int
    quota: str
    visits: int
    explanation: str


class TourOut(BaseModel):
    year: int
    half: str
    theme: str
    slots: int
    allocation: dict[str, int]
    shares: list[TourShareOut]
    version: int
