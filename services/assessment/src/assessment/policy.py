"""The assessment service's rule parameters: its section ``assessment`` of the policy file."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from servicekit.policy import PolicySection

YEAR_END_INDICATORS = (
    "investment_completion",
    "start_rate",
    "issues_on_time",
    "meeting_compliance",
    "approval_sla_compliance",
)


class AssessmentPolicy(PolicySection, section="assessment"):
    low_rank_bottom_n: int = Field(ge=1)
    reminder_after_consecutive_low: int = Field(ge=1)
    interview_after_consecutive_low: int = Field(ge=1)
    interview_if_low_within_months_of_reminder: int = Field(ge=0)
    score_weights: dict[Literal["start_rate", "investment_vs_schedule"], Decimal]
    year_end_weights: dict[str, int]
    # Cap on investment completion ÷ 序时 in the score (1: meeting 序时 is full marks).
    investment_vs_schedule_cap: Decimal = Field(default=Decimal(1), gt=0)
    brief_top_movers: int = Field(default=3, ge=1)
    interview_penalty_points: Decimal = Field(default=Decimal(2), ge=0)
    reward_top_n: int = Field(default=3, ge=0)
    penalty_after_interviews: int = Field(default=2, ge=1)

    @model_validator(mode="after")
    def _weights_sum(self) -> AssessmentPolicy:
        if sum(self.score_weights.values()) != 1:
            raise ValueError("score_weights must sum to 1")
        unknown = set(self.year_end_weights) - set(YEAR_END_INDICATORS)
        if unknown:
            raise ValueError(f"year_end_weights has unknown indicators: {sorted(unknown)}")
        if sum(self.year_end_weights.values()) != 100:
            raise ValueError("year_end_weights must sum to 100")
        return self
