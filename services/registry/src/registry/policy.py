"""The registry's rule parameters (policy file section ``registry``)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import Field, field_validator, model_validator

from contracts.labels import APPROVAL_STEP_LABELS
from servicekit.policy import PolicySection, Strict
from servicekit.policy_steps import NamedStep, named_steps, unique_ids


class WarningPolicy(Strict):
    start_red_after_months: int = Field(ge=1, le=12)
    investment_yellow_behind_pp: Decimal = Field(ge=0, le=100)
    investment_red_behind_pp: Decimal = Field(ge=0, le=100)

    @model_validator(mode="after")
    def _yellow_before_red(self) -> WarningPolicy:
        if self.investment_yellow_behind_pp > self.investment_red_behind_pp:
            raise ValueError("investment_yellow_behind_pp must not exceed investment_red_behind_pp")
        return self


class RegistryPolicy(PolicySection, section="registry"):
    sponsorship_big_project_min_investment: Decimal = Field(ge=0)
    approval_sla_working_days: int = Field(ge=1, le=365)
    approval_sla_at_risk_ratio: Decimal = Field(gt=0, lt=1)
    # The fast-track chain's steps with their Chinese names (servicekit.policy_steps).
    approval_steps: list[NamedStep] = Field(min_length=1)
    approval_suspension_kinds: list[str] = Field(
        default_factory=lambda: ["hearing", "expert_review"], min_length=1
    )
    warnings: WarningPolicy
    sweep_interval_seconds: int = Field(default=3600, ge=10, le=86400)

    @field_validator("approval_steps", mode="before")
    @classmethod
    def _named(cls, value: object) -> object:
        return named_steps(value, APPROVAL_STEP_LABELS)

    @model_validator(mode="after")
    def _steps_unique(self) -> RegistryPolicy:
        unique_ids(self.approval_steps)
        return self

    @property
    def step_ids(self) -> list[str]:
        return [step.id for step in self.approval_steps]

    @property
    def step_names(self) -> dict[str, str]:
        return {step.id: step.name for step in self.approval_steps}
