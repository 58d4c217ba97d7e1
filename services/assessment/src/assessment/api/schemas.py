"""Request bodies (unknown fields refused) and the shapes of answers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class PublishIn(BaseModel):
    """Publishing again for the same month or year needs a reason (a new version)."""

    model_config = ConfigDict(extra="forbid")

    reason: str = Field(default="", max_length=500)


class ProposalIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decisions: dict[str, Literal["reward", "penalty", "none"]] | None = Field(
        default=None, description="unit → decision; omitted: the suggestion from the scores"
    )
    reason: str = Field(default="", max_length=500)


class RankingRowOut(BaseModel):
    county: str
    name: str
    rank: int
    score: str
    start_rate: str | None
    start_rate_applicable: bool
    investment_rate: str | None
    investment_vs_plan_rate: str | None
    schedule_gap_pp: str | None
    low: bool
    projects: int
    start_due: int
    started: int
    investment_completed: str
    annual_planned_investment: str
    plan_to_date: str


class UnrankedOut(BaseModel):
    county: str
    name: str


class RankingOut(BaseModel):
    month: str
    schedule_pct: str
    rows: list[RankingRowOut]
    unranked: list[UnrankedOut]
    source_positions: dict[str, int]


class ConsequenceOut(BaseModel):
    county: str
    kind: str
    reason: str


class NoticeOut(RankingOut):
    notice_version: int
    versions: int
    version: int
    reason: str
    consequences: list[ConsequenceOut]
    consequences_issued: list[dict[str, str]]


class RecomputeOut(BaseModel):
    month: str
    notice_version: int
    source_positions: dict[str, int]
    matches: bool
    differences: list[str]


class BriefStatusOut(BaseModel):
    month: str
    brief_version: int
    version: int
    lagging_counties: list[str] = Field(description="county ids (machine field)")
    lagging_county_names: list[str] = Field(description="the same counties, by name")
    source_positions: dict[str, int]


class ScoreOut(BaseModel):
    unit: str
    name: str
    kind: str
    rank: int
    score: str
    interviews: int
    indicators: dict[str, str | None]


class AssessmentOut(BaseModel):
    year: int
    published: bool
    assessment_version: int | None
    version: int
    rows: list[ScoreOut]
    source_positions: dict[str, int]
    counted_notices: dict[str, int] | None = Field(
        description="month → notice version whose interviews the scores count; "
        "null for a version published before these were recorded"
    )
    suggested: dict[str, str]
    proposal: dict[str, str] | None
    proposal_reason: str
    approved: dict[str, str] | None
