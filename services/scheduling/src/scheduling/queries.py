"""Read-side queries: meeting lists and quality-project counts for tours."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from scheduling.projections import IssueRow, MeetingRow, ProjectRow


def list_meetings(
    engine: Engine,
    *,
    series: str | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    subcommand: str | None = None,
    county: str | None = None,
    limit: int = 1000,
) -> list[MeetingRow]:
    """Meetings matching every given filter, by date then id."""
    query = select(MeetingRow)
    if series is not None:
        query = query.where(MeetingRow.series == series)
    if date_from is not None:
        query = query.where(MeetingRow.date >= date_from)
    if date_to is not None:
        query = query.where(MeetingRow.date <= date_to)
    if subcommand is not None:
        query = query.where(MeetingRow.subcommand == subcommand)
    if county is not None:
        query = query.where(MeetingRow.county == county)
    with Session(engine) as session:
        rows = session.scalars(query.order_by(MeetingRow.date, MeetingRow.meeting_id).limit(limit))
        return list(rows)


def quality_project_counts(
    engine: Engine, year: int, today: date, counties: list[str]
) -> dict[str, int]:
    """Per county: projects of ``year``'s list on or ahead of plan with no overdue open issue.

    "On or ahead of plan" is the registry's investment light being green (not 10
    points or more behind 序时); a project without a warning yet counts as green.
    """
    overdue = (
        select(IssueRow.project_id)
        .where(IssueRow.status == "open", IssueRow.deadline < today)
        .where(IssueRow.project_id.is_not(None))
    )
    query = (
        select(ProjectRow.county, func.count())
        .where(ProjectRow.year == year, ProjectRow.investment_light == "green")
        .where(ProjectRow.project_id.not_in(overdue))
        .group_by(ProjectRow.county)
    )
    counts = dict.fromkeys(counties, 0)
    with Session(engine) as session:
        for county, count in session.execute(query):
            counts[county] = int(count)
    return counts
