"""Request and answer shapes of the issues API (unknown body fields are refused)."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.types import DisplayText, Identifier, LongText
from servicekit.web.dates import BusinessDate

Level = Literal["county", "department", "subcommand", "hq", "city_leadership"]
Status = Literal["assigned", "in_progress", "resolved", "follow_up", "closed", "reopened"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RaiseIn(Body):
    project_id: Identifier
    category: Identifier
    title: DisplayText
    description: LongText = ""
    raised_by: Literal["project_unit", "county", "leader", "office"]
    raised_on: BusinessDate
    start_level: Literal["county", "department"] = "county"
    start_reason: str | None = Field(None, max_length=500)


class ProgressIn(Body):
    note: LongText
    substantive: bool
    on: BusinessDate


class ResolveIn(Body):
    resolution: LongText
    on: BusinessDate


class FollowUpIn(Body):
    note: LongText
    on: BusinessDate


class ConfirmIn(Body):
    satisfied: bool
    comment: LongText = ""
    on: BusinessDate


class EscalateIn(Body):
    reason: str = Field(min_length=1, max_length=500)
    on: BusinessDate | None = None


class ExtensionIn(Body):
    working_days: int = Field(ge=1, le=60)
    reason: str = Field(min_length=1, max_length=500)
    on: BusinessDate | None = None


class ExtensionDecisionIn(Body):
    granted: bool
    comment: str = Field("", max_length=500)
    on: BusinessDate | None = None


class SuperviseIn(Body):
    major: bool = False
    on: BusinessDate | None = None


class RatingIn(Body):
    rating: Literal["优秀", "良好", "合格", "不合格"]
    on: BusinessDate | None = None


class CounterpartIn(Body):
    counterpart: DisplayText
    note: LongText = ""
    on: BusinessDate
    department: Identifier | None = None


class SweepIn(Body):
    as_of: BusinessDate


class HistoryEntry(BaseModel):
    event: str = Field(description="event type (machine field)")
    label: str = Field(description="what happened, in Chinese (提出问题, 升级 …)")
    version: int
    at: str = Field(description="when it was recorded (ISO 8601)")
    actor: str | None
    role: str | None
    role_label: str | None = Field(description="the actor's role in Chinese")
    unit: str | None
    data: dict[str, Any] = Field(description="the event's own fields")


class SupervisionOut(BaseModel):
    since: date
    reason: str
    major: bool
    dues: dict[str, date]
    missed: list[str]
    rating: str | None


class CounterpartOut(BaseModel):
    department: str
    counterpart: str
    note: str
    on: date


class IssueOut(BaseModel):
    id: str
    version: int
    project_id: str | None
    county: str | None
    subcommand: str | None
    project_unit: str | None
    category: str
    title: str
    description: str
    source: str
    meeting_id: str | None
    status: Status
    level: Level
    assignee: str
    responsible_department: str | None
    deadline: date
    deadline_provisional: bool = Field(
        description="true when the deadline was counted through a year whose statutory "
        "holidays are not loaded (Monday–Friday instead): it may fall on a holiday"
    )
    deadline_note: str | None = Field(description="why the deadline is provisional, in Chinese")
    raised_on: date
    resolved_on: date | None
    closed_on: date | None
    pending_extension: dict[str, Any] | None
    counterparts: list[CounterpartOut]
    supervised: bool
    supervision: SupervisionOut | None
    history: list[HistoryEntry]


class IssueSummary(BaseModel):
    id: str
    project_id: str | None
    county: str | None
    category: str
    title: str
    status: Status
    level: Level
    assignee: str
    responsible_department: str | None
    deadline: date
    deadline_provisional: bool = False
    raised_on: date
    supervised: bool
    overdue: bool | None = None
    version: int


class SweepOut(BaseModel):
    as_of: date
    recomputed: list[dict[str, str]] = Field(
        default_factory=list,
        description=(
            "节假日安排载入后重算的暂定期限（issue_id、previous_deadline、deadline）/ "
            "provisional deadlines counted again once a year's schedule was loaded"
        ),
    )
    escalated: list[dict[str, str]]
    supervised: list[dict[str, str]]
    supervision_breaches: list[dict[str, str]]
    failed: list[dict[str, str]] = Field(
        default_factory=list, description="因出错跳过的问题（已记日志）/ issues skipped, logged"
    )
