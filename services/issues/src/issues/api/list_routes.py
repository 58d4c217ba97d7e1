"""Issue lists from the read model, scoped to the caller's unit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from sqlalchemy import Select, or_, select

from issues.api.common import IssuesDep, ReadDep
from issues.api.schemas import IssueSummary, Level, Status
from issues.domain import OPEN_UNRESOLVED
from issues.projections import IssueRow
from servicekit.web.auth import Principal, PrincipalDep, Role, ensure_scope
from servicekit.web.dates import BusinessDate

router = APIRouter(prefix="/v1", tags=["issues"])


def scoped(query: Select[Any], principal: Principal) -> Select[Any]:
    """County: own county; department: assigned to or recorded for it; project unit:
    its projects; sub-command: its sub-command. Others see all or nothing."""
    unit = principal.unit or "\x00"
    if principal.role == Role.COUNTY:
        return query.where(IssueRow.county == unit)
    if principal.role == Role.DEPARTMENT:
        return query.where(or_(IssueRow.responsible_department == unit, IssueRow.assignee == unit))
    if principal.role == Role.PROJECT_UNIT:
        return query.where(IssueRow.project_unit == unit)
    if principal.role == Role.SUBCOMMAND_COMMANDER:
        return query.where(IssueRow.subcommand == unit)
    if principal.role not in (Role.COMMANDER, Role.OFFICE, Role.AUDITOR):
        ensure_scope(principal)  # leader (no sponsorship known here), operator: refused
    return query


@router.get("/issues", response_model=list[IssueSummary], summary="问题清单 / list issues")
def list_issues(
    session: ReadDep,
    app: IssuesDep,
    principal: PrincipalDep,
    status: Status | None = None,
    level: Level | None = None,
    county: str | None = None,
    assignee: str | None = None,
    supervised: bool | None = None,
    overdue_as_of: Annotated[
        BusinessDate | None,
        Query(description="只列出该日已逾期的问题 / only issues overdue that day"),
    ] = None,
    limit: int = Query(500, ge=1, le=5000),
) -> list[IssueSummary]:
    """Filter by status, level, county, assignee, supervision and overdue-as-of a date."""
    query = scoped(select(IssueRow), principal).order_by(IssueRow.raised_on, IssueRow.id)
    filters = {
        IssueRow.status: status,
        IssueRow.level: level,
        IssueRow.county: county,
        IssueRow.assignee: assignee,
        IssueRow.supervised: supervised,
    }
    for column, value in filters.items():
        if value is not None:
            query = query.where(column == value)
    if overdue_as_of is not None:
        query = query.where(
            IssueRow.status.in_(sorted(OPEN_UNRESOLVED)), IssueRow.deadline < overdue_as_of
        )
    rows: list[IssueRow] = list(session.scalars(query.limit(limit)).all())
    fallback = app.calendar.fallback_years_between
    return [
        IssueSummary(
            id=r.id,
            project_id=r.project_id,
            county=r.county,
            category=r.category,
            title=r.title,
            status=r.status,
            level=r.level,
            assignee=r.assignee,
            responsible_department=r.responsible_department,
            deadline=r.deadline,
            deadline_provisional=bool(fallback(r.raised_on, r.deadline)),
            raised_on=r.raised_on,
            supervised=r.supervised,
            overdue=(
                None
                if overdue_as_of is None
                else r.status in OPEN_UNRESOLVED and r.deadline < overdue_as_of
            ),
            version=r.version,
        )
        for r in rows
    ]
