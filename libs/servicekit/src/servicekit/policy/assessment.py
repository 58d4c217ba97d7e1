"""The assessment service's rule parameters (policy file section ``assessment``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import Field, model_validator

from servicekit.policy.base import Strict


class AssessmentPolicy(Strict):
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
