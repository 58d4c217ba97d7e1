"""Assessment domain events → contract events; kept source facts stay internal."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from assessment.domain.aggregates import Brief, Notice, SourceFact, YearAssessment
from contracts import assessment as contract
from contracts.base import EventData

INTERNAL = (SourceFact.Received, Notice.Opened, Brief.Opened, YearAssessment.Opened)


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


def translate(domain_event: Any) -> EventData | None:
    """The contract payload of a domain event; None for events internal to assessment."""
    event = domain_event
    if isinstance(event, INTERNAL):
        return None
    if isinstance(event, Notice.Published):
        return contract.NoticePublished(
            month=event.month,
            notice_version=event.notice_version,
            rows=[notice_row(row) for row in event.rows],
            consequences=[{"county": c["county"], "kind": c["kind"]} for c in event.consequences],
            reason=event.reason,
            source_positions=event.source_positions,
        )
    if isinstance(event, Notice.Reminded):
        return contract.CountyReminded(county=event.county, month=event.month)
    if isinstance(event, Notice.InterviewRequired):
        return contract.CountyInterviewRequired(
            county=event.county, month=event.month, reason=event.reason
        )
    if isinstance(event, Brief.Published):
        return contract.BriefPublished(
            month=event.month,
            lagging_counties=event.lagging_counties,
            brief_version=event.brief_version,
            source_positions=event.source_positions,
        )
    if isinstance(event, YearAssessment.Published):
        return contract.AssessmentPublished(
            year=event.year,
            scores={row["unit"]: Decimal(row["score"]) for row in event.rows},
            ranks={row["unit"]: row["rank"] for row in event.rows},
            source_positions=event.source_positions,
            assessment_version=event.assessment_version,
        )
    if isinstance(event, YearAssessment.RewardsProposed):
        return contract.RewardsProposed(
            year=event.year, decisions=event.decisions, reason=event.reason
        )
    if isinstance(event, YearAssessment.RewardsApproved):
        return contract.RewardsApproved(year=event.year, decisions=event.decisions)
    raise LookupError(f"no contract for domain event {type(event).__qualname__}")
