"""Year-end assessment (年底专项考核, domain.md §7): weighted indicators."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from fractions import Fraction

from assessment.domain.facts import Facts
from assessment.domain.ranking import RankingRules, county_figures
from assessment.domain.records import IssueFact, ProjectFact

INDICATORS = (
    "investment_completion",
    "start_rate",
    "issues_on_time",
    "meeting_compliance",
    "approval_sla_compliance",
)


@dataclass(frozen=True)
class YearEndRules:
    weights: Mapping[str, int]
    interview_penalty_points: Fraction
    reward_top_n: int
    penalty_after_interviews: int
    ranking: RankingRules


@dataclass(frozen=True)
class UnitScore:
    unit: str
    name: str
    kind: str  # "county" | "department"
    indicators: dict[str, Fraction | None]  # None: not applicable, weight rescaled
    interviews: int
    score: Fraction
    rank: int = 0


def _issue_rate(issues: list[IssueFact], year: int) -> Fraction | None:
    """Resolved on time ÷ (resolved + 13710 limits missed), within the year."""
    resolved = [i for i in issues if i.resolved_on is not None and i.resolved_on.year == year]
    breaches = sum(1 for i in issues for day in i.breaches if day.year == year)
    on_time = sum(1 for i in resolved if i.on_time)
    total = len(resolved) + breaches
    return Fraction(on_time, total) if total else None


def _approval_rate(projects: list[ProjectFact]) -> Fraction | None:
    clocked = [p for p in projects if p.approval_limit is not None]
    if not clocked:
        return None
    return Fraction(sum(1 for p in clocked if p.sla_breached_on is None), len(clocked))


def _weighted(indicators: Mapping[str, Fraction | None], weights: Mapping[str, int]) -> Fraction:
    used = [(weights.get(k, 0), v) for k, v in indicators.items() if v is not None]
    total = sum(w for w, _ in used)
    return (
        Fraction(100) * sum((w * v for w, v in used), Fraction(0)) / total if total else Fraction(0)
    )


def _project_indicators(
    unit: str, projects: list[ProjectFact], year: int, rules: YearEndRules
) -> dict[str, Fraction | None]:
    if not projects:
        return {"investment_completion": None, "start_rate": None}
    figures = county_figures(unit, unit, projects, f"{year:04d}-12", rules.ranking)
    rate = figures.investment_rate
    return {
        "investment_completion": None if rate is None else min(rate, Fraction(1)),
        "start_rate": figures.start_rate,
    }


def score_units(
    facts: Facts, year: int, interviews: Mapping[str, int], rules: YearEndRules
) -> list[UnitScore]:
    """Counties (with projects on the year's list) and departments, each ranked within its kind."""
    listed = facts.year_list(year)
    scores: list[UnitScore] = []
    for county in sorted({p.county for p in listed}):
        projects = [p for p in listed if p.county == county]
        reports = [
            s for (c, m), s in facts.county_reports.items() if c == county and m[:4] == str(year)
        ]
        indicators = {
            **_project_indicators(county, projects, year, rules),
            "issues_on_time": _issue_rate(
                [i for i in facts.issues.values() if i.county == county], year
            ),
            "meeting_compliance": Fraction(reports.count("filed"), len(reports))
            if reports
            else None,
            "approval_sla_compliance": _approval_rate(projects),
        }
        count = interviews.get(county, 0)
        score = _weighted(indicators, rules.weights) - count * rules.interview_penalty_points
        scores.append(UnitScore(county, facts.name_of(county), "county", indicators, count, score))
    for department in sorted(u.unit_id for u in facts.units_of_kind("department")):
        led = {
            s.unit_id
            for s in facts.units_of_kind("subcommand")
            if department in s.attributes.get("lead_units", [])
        }
        projects = [p for p in listed if p.subcommand in led]
        issues = [i for i in facts.issues.values() if department in (i.department, i.assignee)]
        meetings = [
            m
            for m in facts.meetings.values()
            if m.series == "topical" and m.subcommand in led and _in_year(m.planned_on, year)
        ]
        indicators = {
            **_project_indicators(department, projects, year, rules),
            "issues_on_time": _issue_rate(issues, year),
            "meeting_compliance": (
                Fraction(sum(1 for m in meetings if m.held_on), len(meetings)) if meetings else None
            ),
            "approval_sla_compliance": _approval_rate(projects),
        }
        if all(v is None for v in indicators.values()):
            continue  # nothing to assess this department on
        score = _weighted(indicators, rules.weights)
        scores.append(
            UnitScore(department, facts.name_of(department), "department", indicators, 0, score)
        )
    return _ranked(scores, "county") + _ranked(scores, "department")


def _in_year(day: object, year: int) -> bool:
    return getattr(day, "year", None) == year


def _ranked(scores: list[UnitScore], kind: str) -> list[UnitScore]:
    ordered = sorted((s for s in scores if s.kind == kind), key=lambda s: (-s.score, s.unit))
    out: list[UnitScore] = []
    for position, item in enumerate(ordered, start=1):
        rank = out[-1].rank if out and out[-1].score == item.score else position
        out.append(replace(item, rank=rank))
    return out
