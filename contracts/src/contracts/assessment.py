"""Events produced by the assessment service (notices, consequences, briefs, year-end)."""

from __future__ import annotations

from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from contracts.base import EventData
from contracts.types import Identifier, Month


class _Assessment(EventData):
    producer = "assessment"


class NoticeRow(BaseModel):
    """One county's line of a published ranking (not an event by itself).

    Rates and the gap are percentages / percentage points (``"75.000000"`` = 75 %);
    the score is on 0–100 points.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    county: Identifier
    rank: int | None = Field(default=None, ge=1)
    score: Decimal = Field(max_digits=12, decimal_places=6)
    start_rate: Decimal = Field(max_digits=12, decimal_places=6)
    investment_rate: Decimal = Field(max_digits=12, decimal_places=6)
    schedule_gap_pp: Decimal = Field(max_digits=12, decimal_places=6)
    low: bool
    # False when no project of the county was due to start by month end (rate shown as 0).
    start_rate_applicable: bool = True
    name: str = Field(default="", max_length=200)


class NoticePublished(_Assessment):
    """月度通报已发布 / A monthly ranking notice was published.

    Every county's row and the consequences drawn; a new ``notice_version`` replaces an
    earlier one of the same month.
    """

    event_name = "NoticePublished"
    month: Month
    notice_version: int = Field(ge=1)
    rows: list[NoticeRow]
    consequences: list[dict[str, str]] = Field(default_factory=list)
    reason: str = Field(default="", max_length=500)
    source_positions: dict[str, int] = Field(default_factory=dict)


class CountyReminded(_Assessment):
    """县区已被提醒 / A county was reminded.

    A consequence of a low ranking in the month's notice.
    """

    event_name = "CountyReminded"
    county: Identifier
    month: Month


class CountyInterviewRequired(_Assessment):
    """县区需被约谈 / A county must be interviewed.

    After three consecutive low rankings, or a low one after a reminder.
    """

    event_name = "CountyInterviewRequired"
    county: Identifier
    month: Month
    reason: Literal["three_consecutive_low", "low_after_reminder"]


class BriefPublished(_Assessment):
    """月度简报已发布 / The monthly brief was published.

    With the lagging counties; a new ``brief_version`` replaces an earlier one.
    """

    event_name = "BriefPublished"
    month: Month
    lagging_counties: list[Identifier] = Field(default_factory=list)
    brief_version: int = Field(default=1, ge=1)
    source_positions: dict[str, int] = Field(default_factory=dict)


class AssessmentPublished(_Assessment):
    """年度考核已发布 / The year's assessment was published.

    Each county's score and rank; a new ``assessment_version`` replaces an earlier one.
    """

    event_name = "AssessmentPublished"
    year: int = Field(ge=2000, le=2100)
    scores: dict[Identifier, Decimal]
    source_positions: dict[str, int] = Field(default_factory=dict)
    assessment_version: int = Field(default=1, ge=1)
    ranks: dict[Identifier, int] = Field(default_factory=dict)


class RewardsProposed(_Assessment):
    """考核奖惩建议已提出 / Rewards and penalties were proposed.

    The HQ office's proposal (研提考核奖惩建议), awaiting HQ's approval.
    """

    event_name = "RewardsProposed"
    year: int = Field(ge=2000, le=2100)
    decisions: dict[Identifier, Literal["reward", "penalty", "none"]]
    reason: str = Field(default="", max_length=500)


class RewardsApproved(_Assessment):
    """考核奖惩已批准 / HQ approved the rewards and penalties."""

    event_name = "RewardsApproved"
    year: int = Field(ge=2000, le=2100)
    decisions: dict[Identifier, Literal["reward", "penalty", "none"]]
