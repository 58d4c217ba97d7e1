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
    """组织单元已登记 / An organisational unit entered the registry.

    A county, department, sub-command or HQ role; the units that issues, meetings and
    notices are addressed to.
    """

    event_name = "OrgUnitRegistered"
    unit_id: Identifier
    kind: Literal["county", "department", "other_unit", "subcommand", "headquarters", "office"]
    name: DisplayText
    attributes: dict[str, str | list[str]] = Field(default_factory=dict)
    effective_on: date


class OrgChanged(_Registry):
    """组织单元已变更 / An organisational unit changed.

    It was renamed, given a new commander or a new member.
    """

    event_name = "OrgChanged"
    unit_id: Identifier
    change: Literal["renamed", "commander_assigned", "department_added", "department_removed"]
    value: DisplayText
    effective_on: date
    reason: str = Field(default="", max_length=500)


class ProjectUnitRegistered(_Registry):
    """项目单位已登记 / A project unit was registered.

    The enterprise or owner building a project, with its Chinese name and
    统一社会信用代码 (GB 32100-2015, checked). Its contact person and phone stay in
    the registry: they are not published.
    """

    event_name = "ProjectUnitRegistered"
    unit_id: Identifier
    name: DisplayText
    credit_code: str = Field(pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")
    on: date


class ProjectRegistered(_Registry):
    """项目已登记 / A project was registered.

    A key project entered a year's list, with its county, project unit and investment.
    """

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
    """项目阶段已变更 / A project moved to a new stage.

    开工/复工/竣工/投产 (started, resumed, completed, in production), effective on a business date.
    """

    event_name = "ProjectStageChanged"
    project_id: Identifier
    county: Identifier
    stage: Literal["preparation", "started", "resumed", "completed", "operating"]
    previous_stage: Literal["preparation", "started", "resumed", "completed", "operating"]
    on: date


class ProgressReported(_Registry):
    """项目进度已填报 / A monthly progress report was filed.

    Or a correction of an earlier one (``correction`` true).
    """

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
    """包联领导已指派 / A city leader was assigned to a project.

    HQ named the leader who answers for the project (包联).
    """

    event_name = "SponsorAssigned"
    project_id: Identifier
    county: Identifier
    leader: Identifier
    on: date


class LeaderVisited(_Registry):
    """领导已现场调研 / A leader visited a project.

    A site survey or an on-site office (``kind``) by the project's city leader.
    """

    event_name = "LeaderVisited"
    project_id: Identifier
    county: Identifier
    leader: Identifier
    on: date
    kind: Literal["site_survey", "onsite_office"]


class ApprovalStepRecorded(_Registry):
    """审批环节已记录 / A fast-track approval step was recorded.

    The step was submitted or granted; the clock's state (working days used of the limit)
    after it.
    """

    event_name = "ApprovalStepRecorded"
    project_id: Identifier
    county: Identifier
    step: Identifier
    submitted_on: date
    granted_on: date | None = None
    working_days_used: int = Field(ge=0)
    limit: int = Field(ge=1)


class ApprovalSlaAtRisk(_Registry):
    """审批时限临近 / An approval is close to its working-day limit.

    Raised once, by the sweep, when the working days used come near ``limit``.
    """

    event_name = "ApprovalSlaAtRisk"
    project_id: Identifier
    county: Identifier
    working_days_used: int = Field(ge=0)
    limit: int = Field(ge=1)
    as_of: date


class ApprovalSlaBreached(_Registry):
    """审批已超时限 / An approval exceeded its working-day limit.

    Raised once, by the sweep, when the working days used pass ``limit``.
    """

    event_name = "ApprovalSlaBreached"
    project_id: Identifier
    county: Identifier
    working_days_used: int = Field(ge=0)
    limit: int = Field(ge=1)
    as_of: date


class KeyListConfirmed(_Registry):
    """年度重点项目清单已确认 / HQ confirmed the year's key project list.

    From now on it is the list that counts.
    """

    event_name = "KeyListConfirmed"
    year: int = Field(ge=2000, le=2100)
    project_ids: list[Identifier]
    confirmed_on: date


class KeyListChanged(_Registry):
    """重点项目清单已调整 / A project entered or left a confirmed list.

    With the reason for the change.
    """

    event_name = "KeyListChanged"
    year: int = Field(ge=2000, le=2100)
    project_id: Identifier
    change: Literal["added", "removed"]
    reason: str = Field(min_length=1, max_length=500)
    on: date


class ProjectWarningChanged(_Registry):
    """项目预警灯已变化 / A project's monthly warning light changed.

    The red, yellow or green light (红黄绿灯) of the project's month.
    """

    event_name = "ProjectWarningChanged"
    project_id: Identifier
    county: Identifier
    subcommand: Identifier
    month: Month
    start_light: Literal["green", "yellow", "red"]
    investment_light: Literal["green", "yellow", "red"]
    overall: Literal["green", "yellow", "red"]
