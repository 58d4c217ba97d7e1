"""Monthly county ranking (domain.md §7): start rate, investment completion, 序时, score, rank.

All arithmetic is on exact fractions; figures are rounded only when shown.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from assessment.domain.facts import Facts
from assessment.domain.months import month_end, parse_month
from assessment.domain.records import ProjectFact


@dataclass(frozen=True)
class RankingRules:
    """Policy values: bottom N is "low", score weights, cap on investment ÷ 序时."""

    bottom_n: int
    start_weight: Fraction
    investment_weight: Fraction
    investment_vs_schedule_cap: Fraction


@dataclass(frozen=True)
class CountyFigures:
    county: str
    name: str
    projects: int
    start_due: int
    started: int
    start_rate: Fraction | None  # None: no project due to start yet (not applicable)
    completed: Decimal
    annual_plan: Decimal
    plan_to_date: Fraction
    investment_rate: Fraction | None  # None: no annual plan
    investment_vs_plan: Fraction | None
    schedule: Fraction
    score: Fraction
    rank: int = 0
    low: bool = False

    @property
    def gap(self) -> Fraction | None:
        """Investment completion − 序时 (a fraction; ×100 gives percentage points)."""
        return None if self.investment_rate is None else self.investment_rate - self.schedule


@dataclass(frozen=True)
class Ranking:
    month: str
    schedule: Fraction
    rows: list[CountyFigures]
    unranked: list[tuple[str, str]]  # counties without projects on the list: (id, name)

    def row(self, county: str) -> CountyFigures | None:
        return next((row for row in self.rows if row.county == county), None)

    @property
    def low_counties(self) -> list[str]:
        return [row.county for row in self.rows if row.low]


def schedule_progress(month: str) -> Fraction:
    """序时进度: months elapsed ÷ 12, counting month M itself."""
    return Fraction(parse_month(month)[1], 12)


def construction_months(project: ProjectFact, year: int) -> list[int]:
    """Months of ``year`` between planned start and planned completion (the plan's spread)."""
    first = 1 if project.planned_start.year < year else project.planned_start.month
    last = 12 if project.planned_completion.year > year else project.planned_completion.month
    if project.planned_start.year > year or project.planned_completion.year < year:
        return []
    return list(range(first, last + 1))


def plan_to_date(project: ProjectFact, year: int, month_number: int) -> Fraction:
    """Annual plan spread evenly over the year's construction months, up to month M."""
    months = construction_months(project, year) or list(range(1, 13))
    elapsed = sum(1 for m in months if m <= month_number)
    return Fraction(project.annual_plan) * elapsed / len(months)


def county_figures(
    county: str, name: str, projects: list[ProjectFact], month: str, rules: RankingRules
) -> CountyFigures:
    year, number = parse_month(month)
    end = month_end(month)
    schedule = schedule_progress(month)
    # Early starters count in both terms, so the rate never exceeds 100 %.
    due = [p for p in projects if p.planned_start <= end or p.started_by(end)]
    started = [p for p in due if p.started_by(end)]
    start_rate = Fraction(len(started), len(due)) if due else None
    completed = sum((p.completed_between(f"{year:04d}-01", month) for p in projects), Decimal(0))
    annual = sum((p.annual_plan for p in projects), Decimal(0))
    to_date = sum((plan_to_date(p, year, number) for p in projects), Fraction(0))
    investment_rate = Fraction(completed) / Fraction(annual) if annual else None
    versus_plan = Fraction(completed) / to_date if to_date else None
    return CountyFigures(
        county=county,
        name=name,
        projects=len(projects),
        start_due=len(due),
        started=len(started),
        start_rate=start_rate,
        completed=completed,
        annual_plan=annual,
        plan_to_date=to_date,
        investment_rate=investment_rate,
        investment_vs_plan=versus_plan,
        schedule=schedule,
        score=composite_score(start_rate, investment_rate, schedule, rules),
    )


def composite_score(
    start_rate: Fraction | None,
    investment_rate: Fraction | None,
    schedule: Fraction,
    rules: RankingRules,
) -> Fraction:
    """0–100 points; a component that does not apply is left out and the weights rescaled."""
    parts: list[tuple[Fraction, Fraction]] = []
    if start_rate is not None:
        parts.append((rules.start_weight, start_rate))
    if investment_rate is not None:
        against = min(investment_rate / schedule, rules.investment_vs_schedule_cap)
        parts.append((rules.investment_weight, against))
    weight = sum((w for w, _ in parts), Fraction(0))
    if not weight:
        return Fraction(0)
    return 100 * sum((w * v for w, v in parts), Fraction(0)) / weight


def rank_counties(facts: Facts, month: str, rules: RankingRules) -> Ranking:
    """Rank every county with projects on the month's year list; list the others apart."""
    year, _ = parse_month(month)
    by_county: dict[str, list[ProjectFact]] = defaultdict(list)
    for project in facts.year_list(year):
        by_county[project.county].append(project)
    figures = [
        county_figures(county, facts.name_of(county), projects, month, rules)
        for county, projects in by_county.items()
    ]
    figures.sort(key=lambda row: (-row.score, row.county))
    ranked: list[CountyFigures] = []
    for position, row in enumerate(figures, start=1):
        tied = ranked and ranked[-1].score == row.score
        rank = ranked[-1].rank if tied else position
        # Bottom N by rank; a tie on the boundary spares the county. Met 序时 → never low.
        bottom = rank > len(figures) - rules.bottom_n
        behind = row.gap is not None and row.gap < 0
        ranked.append(replace(row, rank=rank, low=bottom and behind))
    unranked = sorted(
        (unit.unit_id, unit.name)
        for unit in facts.units_of_kind("county")
        if unit.unit_id not in by_county
    )
    return Ranking(month, schedule_progress(month), ranked, unranked)
