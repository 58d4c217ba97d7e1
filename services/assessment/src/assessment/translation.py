"""Assessment domain events → contract events; kept source facts stay internal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assessment.domain.aggregates import Brief, Notice, SourceFact, YearAssessment
from contracts import assessment as contract
from contracts.base import EventData
from servicekit.messaging.translation import Carried, Translations


def notice_row(row: dict[str, Any]) -> contract.NoticeRow:
    """A stored ranking line → the wire row (a rate that does not apply travels as 0)."""

    def number(key: str) -> Decimal:
        value = row.get(key)
        return Decimal(value) if value is not None else Decimal(0)

    return contract.NoticeRow(
        county=row["county"],
        rank=row["rank"],
        score=number("score"),
        start_rate=number("start_rate"),
        investment_rate=number("investment_rate"),
        schedule_gap_pp=number("schedule_gap_pp"),
        low=row["low"],
        start_rate_applicable=row["start_rate"] is not None,
        name=row.get("name", ""),
    )


def _rows(e: Notice.Published) -> list[contract.NoticeRow]:
    return [notice_row(row) for row in e.rows]


def _consequences(e: Notice.Published) -> list[dict[str, str]]:
    return [{"county": c["county"], "kind": c["kind"]} for c in e.consequences]


def _scores(e: YearAssessment.Published) -> dict[str, Decimal]:
    return {row["unit"]: Decimal(row["score"]) for row in e.rows}


def _ranks(e: YearAssessment.Published) -> dict[str, int]:
    return {row["unit"]: row["rank"] for row in e.rows}


_TRANSLATIONS = Translations(
    {
        Notice.Published: Carried(contract.NoticePublished, rows=_rows, consequences=_consequences),
        Notice.Reminded: Carried(contract.CountyReminded),
        Notice.InterviewRequired: Carried(contract.CountyInterviewRequired),
        Brief.Published: Carried(contract.BriefPublished),
        YearAssessment.Published: Carried(
            contract.AssessmentPublished, scores=_scores, ranks=_ranks
        ),
        YearAssessment.RewardsProposed: Carried(contract.RewardsProposed),
        YearAssessment.RewardsApproved: Carried(contract.RewardsApproved),
    },
    internal=(SourceFact.Received, Notice.Opened, Brief.Opened, YearAssessment.Opened),
)


def translate(domain_event: Any) -> EventData | None:
    """The contract payload of a domain event; None for events internal to assessment."""
    return _TRANSLATIONS(domain_event)
