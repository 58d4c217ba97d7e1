"""Request and response bodies. Unknown fields are refused; server-owned fields are absent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from servicekit.web.dates import BusinessDate, BusinessMonth, BusinessYear

Money = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("99999999999999"), max_digits=18, decimal_places=4, allow_inf_nan=False),
]
MonthText = Annotated[BusinessMonth, Field(examples=["2026-03"])]
Identifier = Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Stage = Literal["preparation", "started", "resumed", "completed", "operating"]


class Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ProjectIn(Body):
    name: str = Field(min_length=1, max_length=200)
    county: str = Field(min_length=1, max_length=64)
    sector: str = Field(min_length=1, max_length=64)
    level: Literal["provincial", "city"]
    year: BusinessYear
    project_unit: Identifier
    total_investment: Money
    annual_planned_investment: Money
    planned_start: BusinessDate
    planned_completion: BusinessDate
    is_new: bool
    is_industrial: bool


class StageIn(Body):
    stage: Stage
    on: BusinessDate


class ReportIn(Body):
    month: MonthText
    investment_completed: Money
    physical_progress: str = Field(default="", max_length=2000)
    photos: list[Annotated[str, Field(min_length=1, max_length=500)]] = Field(
        default_factory=list,
        max_length=50,
        description=(
            "照片引用:POST /v1/photos 返回的 photo:<sha256>(须已上传),"
            "或其他存储地址 / photo refs from POST /v1/photos (must exist), or other addresses"
        ),
    )


class SponsorIn(Body):
    leader: Identifier
    on: BusinessDate | None = None


class VisitIn(Body):
    leader: Identifier
    on: BusinessDate
    kind: Literal["site_survey", "onsite_office"]
    notes: str = Field(default="", max_length=2000)


class ApprovalIn(Body):
    step: Identifier
    submitted_on: BusinessDate
    granted_on: BusinessDate | None = None


class SuspensionIn(Body):
    kind: Identifier = Field(description="hearing 听证 / expert_review 专家评审")
    on: BusinessDate


class ResumeIn(Body):
    on: BusinessDate


class WarningOut(BaseModel):
    month: str
    start_light: str
    investment_light: str
    overall: str


class ReportOut(BaseModel):
    month: str
    investment_completed: str
    physical_progress: str
    photos: list[str]
    correction: bool


class VisitOut(BaseModel):
    leader: str
    on: date
    kind: str
    notes: str


class ProjectOut(BaseModel):
    id: str
    version: int
    name: str
    county: str
    sector: str
    subcommand: str
    level: str
    year: int
    project_unit: str
    project_unit_name: str | None = Field(
        default=None,
        description="项目单位名称（已登记为项目单位时）/ the unit's name when registered",
    )
    total_investment: str
    annual_planned_investment: str
    planned_start: date
    planned_completion: date
    is_new: bool
    is_industrial: bool
    stage: str
    stage_history: list[dict[str, str]] = Field(default_factory=list)
    cumulative_investment: str = "0.0000"
    year_to_date_investment: str = "0.0000"
    last_reported_month: str | None = None
    sponsor: str | None = Field(None, description="最近指定的包联领导 / latest sponsor")
    sponsors: list[str] = Field(default_factory=list)
    visits: list[VisitOut] = Field(default_factory=list)
    reports: list[ReportOut] = Field(default_factory=list)
    warnings: list[WarningOut] = Field(default_factory=list)
    approval_working_days_used: int = 0


class ProjectSummary(BaseModel):
    id: str
    name: str
    county: str
    subcommand: str
    year: int
    stage: str
    total_investment: str
    cumulative_investment: str
    warning: str | None
    warning_month: str | None
    version: int


class OrgUnitOut(BaseModel):
    id: str
    name: str
    kind: str
    commander: str | None = None
    departments: list[str] = Field(default_factory=list)
    attributes: dict[str, object] = Field(default_factory=dict)


class OrgChangeIn(Body):
    change: Literal["renamed", "commander_assigned", "department_added", "department_removed"]
    value: str = Field(min_length=1, max_length=200, description="新名称/指挥长姓名/部门 id")
    effective_on: BusinessDate
    reason: str = Field(default="", max_length=500)


class StepOut(BaseModel):
    step: str
    name: str = Field(description="环节名称（政策文件）/ the step's name from the policy file")
    submitted_on: date
    granted_on: date | None
    working_days_used: int
    suspended: bool


class ApprovalOut(BaseModel):
    project_id: str
    version: int
    as_of: date
    working_days_used: int
    remaining: int
    limit: int
    status: Literal["on_track", "at_risk", "breached"]
    calendar_source: str
    steps: list[StepOut]


class KeyListIn(Body):
    project_ids: list[Identifier] = Field(max_length=5000)
    on: BusinessDate | None = None


class KeyListConfirmIn(Body):
    on: BusinessDate | None = None


class KeyListChangeIn(Body):
    project_id: Identifier
    change: Literal["added", "removed"]
    reason: str = Field(min_length=1, max_length=500)
    on: BusinessDate | None = None


class KeyListOut(BaseModel):
    year: int
    version: int
    status: Literal["draft", "confirmed"]
    project_ids: list[str]
    confirmed_on: date | None


class CandidateOut(BaseModel):
    project_id: str
    name: str
    county: str
    total_investment: str
    reasons: list[Literal["big", "new", "industrial", "problematic"]]
    sponsors: list[str]


class SweepIn(Body):
    as_of: BusinessDate


class SweepOut(BaseModel):
    as_of: date
    month: str
    projects_checked: int
    warnings_changed: int
    sla_flags_raised: int
    failed: list[dict[str, str]] = Field(
        default_factory=list, description="因出错跳过的项目（已记日志）/ projects skipped, logged"
    )


class WorkingDaysOut(BaseModel):
    count: int
    source: str
    fallback_years: list[int]
