"""Events produced by the registry service (organisation, projects, year lists)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from contracts.base import EventData
from contracts.types import DisplayText, Identifier, Money, Month


class _Registry(EventData):
    producer = "registry"


class OrgUnitRegistered(_Registry):
    """An organisational unit (county, department, sub-command, HQ role) entered the registry."""

    event_name = "OrgUnitRegistered"
    unit_id: Identifier
    kind: Literal["county", "department", "other_unit", "subcommand", "headquarters", "office"]
    name: DisplayText
    attributes: dict[str, str | list[str]] = Field(default_factory=dict)
    effective_on: date


class OrgChanged(_Registry):
    """An organisational unit was renamed, given a new commander or a new member."""

    event_name = "OrgChanged"
    unit_id: Identifier
    change: Literal["renamed", "commander_assigned", "department_added", "department_removed"]
    value: DisplayText
    effective_on: date
    reason: str = Field(default="", max_length=500)


class ProjectUnitRegistered(_Registry):
    """项目单位已登记 / A project unit (the enterprise or owner building a project) was
    registered with its Chinese name and 统一社会信用代码 (GB 32100-2015, checked).

    Its contact person and phone stay in the registry: they are not published.
    """

    event_name = "ProjectUnitRegistered"
    unit_id: Identifier
    name: DisplayText
    credit_code: str = Field(pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")
    on: date


class ProjectRegistered(_Registry):
    """A key project was registered for a year's list."""

    event_name = "ProjectRegistered"
    project_id: Identifier
    name: DisplayText
    county: Identifier
    sector: Identifier
    subcommand: Identifier
    level: Literal["provincial", "city"]
    year: int = Field(ge=2000, le=2100)
    project_unit: Identifier
    total_investment: Money
    annual_planned_investment: Money
    planned_start: date
    planned_completion: date
    is_new: bool
    is_industrial: bool


class ProjectStageChanged(_Registry):
    """A project moved to a new stage (开工/复工/竣工/投产), effective on a business date."""

    event_name = "ProjectStageChanged"
    project_id: Identifier
    county: Identifier
    stage: Literal["preparation", "started", "resumed", "completed", "operating"]
    previous_stage: Literal["preparation", "started", "resumed", "completed", "operating"]
    on: date


class ProgressReported(_Registry):
    """A monthly progress report, or a correction of one (``correction`` true)."""

    event_name = "ProgressReported"
    project_id: Identifier
    county: Identifier
    month: Month
    investment_completed: Money
    physical_progress: str = Field(max_length=2000)
    correction: bool
    cumulative_investment: Money
    year_to_date_investment: Money


class SponsorAssigned(_Registry):
    """HQ assigned a city leader to answer for a project (包联)."""

    event_name = "SponsorAssigned"
    project_id: Identifier
    county: Identifier
    leader: Identifier
    on: date


class LeaderVisited(_Registry):
    event_name = "LeaderVisited"
    project_id: Identifier
    county: Identifier
    leader: Identifier
    on: date
    kind: Literal["site_survey", "onsite_office"]


class ApprovalStepRecorded(_Registry):
    """A fast-track approval step was submitted or granted; the clock's state after it."""

    event_name = "ApprovalStepRecorded"
    project_id: Identifier
    county: Identifier
    step: Identifier
    submitted_on: date
    granted_on: date | None = None
    working_days_used: int = Field(ge=0)
    limit: int = Field(ge=1)


class ApprovalSlaAtRisk(_Registry):
    event_name = "ApprovalSlaAtRisk"
    project_id: Identifier
    county: Identifier
    working_days_used: int = Field(ge=0)
    limit: int = Field(ge=1)
    as_of: date


class ApprovalSlaBreached(_Registry):
    event_name = "ApprovalSlaBreached"
    project_id: Identifier
    county: Identifier
    working_days_used: int = Field(ge=0)
    limit: int = Field(ge=1)
    as_of: date


class KeyListConfirmed(_Registry):
    """HQ confirmed the year's key project list; from now on it is what counts."""

    event_name = "KeyListConfirmed"
    year: int = Field(ge=2000, le=2100)
    project_ids: list[Identifier]
    confirmed_on: date


class KeyListChanged(_Registry):
    """A project entered or left a confirmed list, with a reason."""

    event_name = "KeyListChanged"
    year: int = Field(ge=2000, le=2100)
    project_id: Identifier
    change: Literal["added", "removed"]
    reason: str = Field(min_length=1, max_length=500)
    on: date


class ProjectWarningChanged(_Registry):
    """A project's monthly warning light (红黄绿灯) changed."""

    event_name = "ProjectWarningChanged"
    project_id: Identifier
    county: Identifier
    subcommand: Identifier
    month: Month
    start_light: Literal["green", "yellow", "red"]
    investment_light: Literal["green", "yellow", "red"]
    overall: Literal["green", "yellow", "red"]
