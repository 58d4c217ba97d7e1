"""一月一专报 content: what the month's brief says, built from facts and rankings.

The notice asks for decisions and progress, typical good practice (典型经验) and
shortcomings stated plainly (直揭短板问题); rendering is elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from fractions import Fraction

from assessment.domain.facts import Facts
from assessment.domain.months import month_end, parse_month
from assessment.domain.ranking import CountyFigures, Ranking

SERIES_NAMES = {
    "plenary": "全体会议",
    "dispatch": "调度会议",
    "topical": "专题例会",
    "county": "县级调度会",
    "interview": "约谈会",
    "adhoc": "专题会议",
}
LEVEL_NAMES = {
    "county": "县级",
    "department": "市直部门",
    "subcommand": "分指挥部",
    "hq": "总指挥部",
    "city_leadership": "市委市政府",
}


@dataclass(frozen=True)
class SubcommandProgress:
    name: str
    projects: int
    started: int
    completed: Decimal
    annual_plan: Decimal
    rate: Fraction | None


@dataclass(frozen=True)
class Mover:
    name: str
    gain: Fraction  # change of investment completion since last month (fraction; ×100 = pp)
    rate: Fraction


@dataclass(frozen=True)
class IssueLine:
    title: str
    county: str
    level: str
    deadline: date
    supervised: bool


@dataclass(frozen=True)
class BreachLine:
    project: str
    county: str
    days_used: int
    limit: int


@dataclass
class BriefContent:
    month: str
    ranking: Ranking
    projects: int
    start_due: int
    started: int
    completed: Decimal
    annual_plan: Decimal
    subcommands: list[SubcommandProgress]
    meetings: list[tuple[date, str, int]]  # held on, series name, decisions
    movers: list[Mover]
    lagging: list[CountyFigures]
    overdue: list[IssueLine]
    supervised: list[IssueLine]
    breaches: list[BreachLine]
    unranked: list[str] = field(default_factory=list)

    @property
    def investment_rate(self) -> Fraction | None:
        return Fraction(self.completed) / Fraction(self.annual_plan) if self.annual_plan else None

    @property
    def start_rate(self) -> Fraction | None:
        return Fraction(self.started, self.start_due) if self.start_due else None


def build_brief(
    facts: Facts, ranking: Ranking, previous: Ranking | None, top_movers: int
) -> BriefContent:
    """The brief of ``ranking.month``; ``previous`` is last month's ranking (same facts)."""
    month = ranking.month
    year, number = parse_month(month)
    end = month_end(month)
    listed = facts.year_list(year)
    subcommands: list[SubcommandProgress] = []
    for sub in sorted({p.subcommand for p in listed}):
        mine = [p for p in listed if p.subcommand == sub]
        completed = sum((p.completed_between(f"{year:04d}-01", month) for p in mine), Decimal(0))
        annual = sum((p.annual_plan for p in mine), Decimal(0))
        subcommands.append(
            SubcommandProgress(
                name=facts.name_of(sub),
                projects=len(mine),
                started=sum(1 for p in mine if p.started_by(end)),
                completed=completed,
                annual_plan=annual,
                rate=Fraction(completed) / Fraction(annual) if annual else None,
            )
        )
    movers: list[Mover] = []
    for row in ranking.rows:
        before = previous.row(row.county) if previous is not None else None
        now = row.investment_rate or Fraction(0)
        gain = now - (
            (before.investment_rate or Fraction(0)) if before is not None else Fraction(0)
        )
        if gain > 0:
            movers.append(Mover(row.name, gain, now))
    movers.sort(key=lambda m: (-m.gain, m.name))
    issues = sorted(facts.issues.values(), key=lambda i: (i.deadline, i.issue_id))
    supervised = [i for i in issues if i.supervised_on is not None and i.supervised_on <= end]
    return BriefContent(
        month=month,
        ranking=ranking,
        projects=len(listed),
        start_due=sum(row.start_due for row in ranking.rows),
        started=sum(row.started for row in ranking.rows),
        completed=sum((row.completed for row in ranking.rows), Decimal(0)),
        annual_plan=sum((row.annual_plan for row in ranking.rows), Decimal(0)),
        subcommands=subcommands,
        meetings=sorted(
            (m.held_on, SERIES_NAMES.get(m.series, m.series), m.decisions)
            for m in facts.meetings.values()
            if m.held_on is not None and (m.held_on.year, m.held_on.month) == (year, number)
        ),
        movers=movers[:top_movers],
        lagging=[row for row in ranking.rows if row.low],
        overdue=[_issue_line(facts, i.issue_id) for i in issues if i.overdue_on(end)],
        supervised=[_issue_line(facts, i.issue_id) for i in supervised if i.open_on(end)],
        breaches=[
            BreachLine(
                p.name, facts.name_of(p.county), p.approval_days_used or 0, p.approval_limit or 0
            )
            for p in listed
            if p.sla_breached_on is not None and p.sla_breached_on <= end
        ],
        unranked=[name for _, name in ranking.unranked],
    )


def _issue_line(facts: Facts, issue_id: str) -> IssueLine:
    issue = facts.issues[issue_id]
    return IssueLine(
        title=issue.title,
        county=facts.name_of(issue.county) if issue.county else "—",
        level=LEVEL_NAMES.get(issue.level, issue.level),
        deadline=issue.deadline,
        supervised=issue.supervised_on is not None,
    )
