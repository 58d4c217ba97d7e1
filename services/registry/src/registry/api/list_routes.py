"""Year lists, sponsorship candidates, warnings, the working-day calendar and the sweep."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import select

from registry.api.common import ReadDep, RegistryDep, domain_errors
from registry.api.schemas import (
    CandidateOut,
    KeyListChangeIn,
    KeyListConfirmIn,
    KeyListIn,
    KeyListOut,
    SweepIn,
    SweepOut,
    WarningOut,
    WorkingDaysOut,
)
from registry.domain import KeyList
from registry.domain.issue_watch import CITY_LEVELS
from registry.projections import IssueWatchRow, ProjectRow, WarningRow
from servicekit.web.auth import Principal, PrincipalDep, Role, ensure_scope, require_roles
from servicekit.web.dates import BusinessDate, BusinessMonth, BusinessYear
from servicekit.web.dependencies import ContextDep
from servicekit.web.versioning import IfMatchDep, check_version, set_etag

router = APIRouter(prefix="/v1", tags=["lists"])

HQ_READERS = (Role.COMMANDER, Role.OFFICE, Role.AUDITOR)


def key_list_out(found: KeyList, response: Response) -> KeyListOut:
    set_etag(response, found.version)
    return KeyListOut(
        year=found.year,
        version=found.version,
        status=found.status,
        project_ids=list(found.project_ids),
        confirmed_on=found.confirmed_on,
    )


@router.post("/key-lists/{year}", response_model=KeyListOut, summary="拟定年度重点项目名单")
def draft_key_list(
    year: BusinessYear,
    body: KeyListIn,
    registry: RegistryDep,
    ctx: ContextDep,
    _: Annotated[Principal, Depends(require_roles(Role.OFFICE))],
    expected: IfMatchDep,
    response: Response,
) -> KeyListOut:
    """The office drafts (or redrafts) the year's key project list."""
    existing = registry.find_key_list(year)
    if existing is not None:
        check_version(existing, expected)
    on = body.on or registry.clock.today()
    with domain_errors():
        found = registry.draft_key_list(ctx, year, body.project_ids, on)
    return key_list_out(found, response)


@router.post("/key-lists/{year}/confirm", response_model=KeyListOut, summary="总指挥部确定名单")
def confirm_key_list(
    year: BusinessYear,
    body: KeyListConfirmIn,
    registry: RegistryDep,
    ctx: ContextDep,
    _: Annotated[Principal, Depends(require_roles(Role.COMMANDER))],
    expected: IfMatchDep,
    response: Response,
) -> KeyListOut:
    """HQ (the commander) confirms the draft: from now on it is the list that counts."""
    with domain_errors():
        check_version(registry.key_list(year), expected)
        found = registry.confirm_key_list(ctx, year, body.on or registry.clock.today())
    return key_list_out(found, response)


@router.post("/key-lists/{year}/changes", response_model=KeyListOut, summary="名单增减")
def change_key_list(
    year: BusinessYear,
    body: KeyListChangeIn,
    registry: RegistryDep,
    ctx: ContextDep,
    _: Annotated[Principal, Depends(require_roles(Role.COMMANDER))],
    expected: IfMatchDep,
    response: Response,
) -> KeyListOut:
    """A project enters or leaves the confirmed list, with a reason (KeyListChanged)."""
    with domain_errors():
        check_version(registry.key_list(year), expected)
        found = registry.change_key_list(
            ctx,
            year,
            project_id=body.project_id,
            change=body.change,
            reason=body.reason,
            on=body.on or registry.clock.today(),
        )
    return key_list_out(found, response)


@router.get("/key-lists/{year}", response_model=KeyListOut, summary="年度重点项目名单")
def get_key_list(
    year: BusinessYear,
    registry: RegistryDep,
    _: Annotated[Principal, Depends(require_roles(*HQ_READERS, Role.SUBCOMMAND_COMMANDER))],
    response: Response,
) -> KeyListOut:
    """The year's list, draft or confirmed."""
    with domain_errors():
        return key_list_out(registry.key_list(year), response)


@router.get("/sponsorship/candidates", response_model=list[CandidateOut], summary="包联项目建议")
def sponsorship_candidates(
    session: ReadDep,
    registry: RegistryDep,
    _: Annotated[Principal, Depends(require_roles(Role.COMMANDER, Role.OFFICE))],
    year: BusinessYear | None = None,
) -> list[CandidateOut]:
    """包联大项目、新项目、产业项目、有问题项目.

    Big (policy threshold), new, industrial, or with an open city-level issue.
    """
    threshold = registry.rules.sponsorship_big_project_min_investment
    problematic = set(
        session.scalars(
            select(IssueWatchRow.project_id).where(
                IssueWatchRow.open.is_(True), IssueWatchRow.level.in_(sorted(CITY_LEVELS))
            )
        )
    )
    query = select(ProjectRow).order_by(ProjectRow.total_investment.desc(), ProjectRow.name)
    if year is not None:
        query = query.where(ProjectRow.year == year)
    candidates: list[CandidateOut] = []
    for row in session.scalars(query):
        flags = {
            "big": row.total_investment >= threshold,
            "new": row.is_new,
            "industrial": row.is_industrial,
            "problematic": row.id in problematic,
        }
        reasons = [reason for reason, hit in flags.items() if hit]
        if reasons:
            candidates.append(
                CandidateOut(
                    project_id=row.id,
                    name=row.name,
                    county=row.county,
                    total_investment=f"{row.total_investment:.4f}",
                    reasons=reasons,
                    sponsors=[s for s in row.sponsors.split(",") if s],
                )
            )
    return candidates


class WarningListItem(WarningOut):
    project_id: str
    county: str
    subcommand: str


@router.get("/warnings", response_model=list[WarningListItem], summary="红黄绿灯预警")
def list_warnings(
    session: ReadDep,
    principal: PrincipalDep,
    month: Annotated[BusinessMonth | None, Query()] = None,
    county: str | None = None,
    subcommand: str | None = None,
    light: Annotated[str | None, Query(pattern="^(green|yellow|red)$")] = None,
) -> list[WarningListItem]:
    """Each project's lights per month (start, investment, overall), filterable."""
    if principal.role == Role.COUNTY:
        county = principal.unit or ""
    elif principal.role == Role.SUBCOMMAND_COMMANDER:
        subcommand = principal.unit or ""
    elif principal.role not in HQ_READERS:
        ensure_scope(principal)  # deny: other roles read warnings through their projects
    query = select(WarningRow).order_by(WarningRow.month, WarningRow.county)
    filters = {
        WarningRow.month: month,
        WarningRow.county: county,
        WarningRow.subcommand: subcommand,
        WarningRow.overall: light,
    }
    for column, value in filters.items():
        if value is not None:
            query = query.where(column == value)
    return [
        WarningListItem(
            project_id=r.project_id,
            county=r.county,
            subcommand=r.subcommand,
            month=r.month,
            start_light=r.start_light,
            investment_light=r.investment_light,
            overall=r.overall,
        )
        for r in session.scalars(query)
    ]


@router.get("/calendar/working-days", response_model=WorkingDaysOut, summary="工作日计算")
def working_days(
    registry: RegistryDep,
    _: PrincipalDep,
    first: Annotated[BusinessDate, Query(alias="from")],
    last: Annotated[BusinessDate, Query(alias="to")],
) -> WorkingDaysOut:
    """Working days after ``from`` up to and including ``to``; ``source`` names the calendar."""
    result = registry.calendar.working_days_between(first, last)
    return WorkingDaysOut(
        count=result.count, source=result.source, fallback_years=list(result.fallback_years)
    )


@router.post("/admin/sweep", response_model=SweepOut, summary="巡检 / sweep as of a date")
def sweep(
    body: SweepIn,
    registry: RegistryDep,
    ctx: ContextDep,
    _: Annotated[Principal, Depends(require_roles(Role.OPERATOR, Role.OFFICE))],
) -> SweepOut:
    """Approval clocks and the month's warnings as of ``as_of``; idempotent for a date."""
    report = registry.sweep(ctx, body.as_of)
    return SweepOut(
        as_of=report.as_of,
        month=report.month,
        projects_checked=report.projects_checked,
        warnings_changed=report.warnings_changed,
        sla_flags_raised=report.sla_flags_raised,
        failed=report.failed,
    )
