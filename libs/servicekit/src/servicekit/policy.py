"""The policy file: every rule parameter of the deployment, validated at start-up.

Each service reads its own section; a file that does not validate stops the
service with a message naming the offending key, instead of running on a
silently wrong threshold.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_POLICY_FILE = Path(__file__).resolve().parents[4] / "config" / "policy.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class WarningPolicy(_Strict):
    start_red_after_months: int = Field(ge=1, le=12)
    investment_yellow_behind_pp: Decimal = Field(ge=0, le=100)
    investment_red_behind_pp: Decimal = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _yellow_before_red(self) -> WarningPolicy:
        if self.investment_yellow_behind_pp > self.investment_red_behind_pp:
            raise ValueError("investment_yellow_behind_pp must not exceed investment_red_behind_pp")
        return self


class RegistryPolicy(_Strict):
    sponsorship_big_project_min_investment: Decimal = Field(ge=0)
    approval_sla_working_days: int = Field(ge=1, le=365)
    approval_sla_at_risk_ratio: Decimal = Field(gt=0, lt=1)
    approval_steps: list[str] = Field(min_length=1)
    warnings: WarningPolicy


class SupervisionPolicy(_Strict):
    stalled_after_days: int = Field(ge=1)
    unresolved_dispatch_meetings: int = Field(ge=1)
    clock_unit: Literal["calendar_days", "working_days"]
    limits_days: dict[Literal["assign", "report", "resolve_ordinary", "resolve_major"], int]


class IssuesPolicy(_Strict):
    deadline_working_days: dict[
        Literal["county", "department", "subcommand", "hq", "city_leadership"], int
    ]
    follow_up_working_days: int = Field(ge=1)
    extension_min_notice_working_days: int = Field(ge=0)
    supervision: SupervisionPolicy
    sweep_interval_seconds: int = Field(ge=0)

    @model_validator(mode="after")
    def _every_level(self) -> IssuesPolicy:
        missing = {"county", "department", "subcommand", "hq", "city_leadership"} - set(
            self.deadline_working_days
        )
        if missing:
            raise ValueError(f"deadline_working_days lacks levels: {sorted(missing)}")
        return self


class MeetingSlot(_Strict):
    months: list[int] = Field(default_factory=list)
    working_week: int = Field(ge=1, le=5)


class SchedulingPolicy(_Strict):
    plenary: MeetingSlot
    dispatch: MeetingSlot
    topical: MeetingSlot
    county_meeting: dict[Literal["report_within_working_days"], int]
    slot_weekday: int = Field(ge=1, le=5)
    tours: dict[str, str]


class AssessmentPolicy(_Strict):
    low_rank_bottom_n: int = Field(ge=1)
    reminder_after_consecutive_low: int = Field(ge=1)
    interview_after_consecutive_low: int = Field(ge=1)
    interview_if_low_within_months_of_reminder: int = Field(ge=0)
    score_weights: dict[Literal["start_rate", "investment_vs_schedule"], Decimal]
    year_end_weights: dict[str, int]

    @model_validator(mode="after")
    def _weights_sum(self) -> AssessmentPolicy:
        if sum(self.score_weights.values()) != 1:
            raise ValueError("score_weights must sum to 1")
        if sum(self.year_end_weights.values()) != 100:
            raise ValueError("year_end_weights must sum to 100")
        return self


class Policy(_Strict):
    version: Literal[1]
    timezone: str
    registry: RegistryPolicy
    issues: IssuesPolicy
    scheduling: SchedulingPolicy
    assessment: AssessmentPolicy


class PolicyError(Exception):
    """The policy file is missing or invalid; the message names the key."""


def load_policy(path: Path | None = None) -> Policy:
    source = path or DEFAULT_POLICY_FILE
    try:
        raw = yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise PolicyError(f"policy file not found: {source}") from exc
    except yaml.YAMLError as exc:
        raise PolicyError(f"policy file {source} is not valid YAML: {exc}") from exc
    try:
        return Policy.model_validate(raw)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or '(root)'}: {e['msg']}" for e in exc.errors()
        )
        raise PolicyError(f"policy file {source} is invalid: {problems}") from exc
