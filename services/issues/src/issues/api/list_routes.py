"""Issue lists from the read model, scoped to the caller's unit."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from sqlalchemy import Select, or_, select
from sqlalchemy.orm import Session

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


async def _filters(
    status: Status | None = None,
    level: Level | None = None,
    county: str | None = None,
    assignee: str | None = None,
    supervised: bool | None = None,
    overdue_as_of: Annotated[
        BusinessDate | None,
        Query(description="只列出该日已逾期的问题 / only issues overdue that day"),
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, Any]:
    return {
        "status": status,
        "level": level,
        "county": county,
        "assignee": assignee,
        "supervised": supervised,
        "overdue_as_of": overdue_as_of,
        "limit": limit,
    }


Filters = Annotated[dict[str, Any], Depends(_filters)]


def issue_rows(session: Session, principal: Principal, filters: dict[str, Any]) -> list[IssueRow]:
    """The issues this caller may see matching every given filter, oldest first (the
    list and its exports read the same rows)."""
    query = scoped(select(IssueRow), principal).order_by(IssueRow.raised_on, IssueRow.id)
    columns = {
        "status": IssueRow.status,
        "level": IssueRow.level,
        "county": IssueRow.county,
        "assignee": IssueRow.assignee,
        "supervised": IssueRow.supervised,
    }
    for key, column in columns.items():
        if filters.get(key) is not None:
            query = query.where(column == filters[key])
    overdue_as_of = filters.get("overdue_as_of")
    if overdue_as_of is not None:
        query = query.where(
            IssueRow.status.in_(sorted(OPEN_UNRESOLVED)), IssueRow.deadline < overdue_as_of
        )
    return list(session.scalars(query.limit(int(filters.get("limit") or 500))).all())


@router.get("/issues", response_model=list[IssueSummary], summary="问题清单 / list issues")
def list_issues(
    session: ReadDep, app: IssuesDep, principal: PrincipalDep, filters: Filters
) -> list[IssueSummary]:
    """Filter by status, level, county, assignee, supervision and overdue-as-of a date."""
    rows = issue_rows(session, principal, filters)
    overdue_as_of = filters.get("overdue_as_of")
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
