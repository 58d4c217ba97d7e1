"""Domain figures → the decimal strings that are published and answered (percentages, points)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from assessment.domain.months import as_percent, as_points, round_fraction
from assessment.domain.ranking import CountyFigures, Ranking
from assessment.domain.yearend import UnitScore

MONEY_PLACES = 4


def _pct(value: Fraction | None) -> str | None:
    return None if value is None else str(as_percent(value))


def ranking_row(row: CountyFigures) -> dict[str, Any]:
    """One county's line: rates in %, the gap in percentage points, the score in points."""
    gap = row.gap
    return {
        "county": row.county,
        "name": row.name,
        "rank": row.rank,
        "score": str(as_points(row.score)),
        "start_rate": _pct(row.start_rate),
        "start_rate_applicable": row.start_rate is not None,
        "investment_rate": _pct(row.investment_rate),
        "investment_vs_plan_rate": _pct(row.investment_vs_plan),
        "schedule_gap_pp": None if gap is None else str(as_percent(gap)),
        "low": row.low,
        "projects": row.projects,
        "start_due": row.start_due,
        "started": row.started,
        "investment_completed": f"{row.completed:.4f}",
        "annual_planned_investment": f"{row.annual_plan:.4f}",
        "plan_to_date": f"{round_fraction(row.plan_to_date, MONEY_PLACES):.4f}",
    }


def ranking_body(ranking: Ranking) -> dict[str, Any]:
    return {
        "month": ranking.month,
        "schedule_pct": str(as_percent(ranking.schedule)),
        "rows": [ranking_row(row) for row in ranking.rows],
        "unranked": [{"county": c, "name": n} for c, n in ranking.unranked],
    }


def score_row(item: UnitScore) -> dict[str, Any]:
    return {
        "unit": item.unit,
        "name": item.name,
        "kind": item.kind,
        "rank": item.rank,
        "score": str(as_points(item.score)),
        "interviews": item.interviews,
        "indicators": {k: _pct(v) for k, v in item.indicators.items()},
    }


def one_decimal(value: str | None) -> str:
    """A published percentage as documents show it: one decimal, or 不适用."""
    if value is None:
        return "不适用"
    return str(Decimal(value).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
