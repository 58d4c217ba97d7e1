"""County meeting reports, the admin sweep, and compare-and-show tours."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Response

from scheduling.api.common import (
    BUSINESS_ROLES,
    PLANNERS,
    ClockDep,
    EngineDep,
    SchedulingDep,
    domain_errors,
)
from scheduling.api.schemas import (
    CountyReportIn,
    CountyReportOut,
    SweepIn,
    SweepOut,
    TourIn,
    TourOut,
    TourShareOut,
)
from scheduling.domain import THEMES, CountyMonth, Tour, allocate_visits
from scheduling.domain.tours import float_free
from scheduling.queries import quality_project_counts
from servicekit.web.auth import Principal, ensure_scope, require_roles
from servicekit.web.dates import BusinessMonth, BusinessYear
from servicekit.web.dependencies import ContextDep
from servicekit.web.problems import NotFoundError
from servicekit.web.versioning import set_etag

router = APIRouter(prefix="/v1", tags=["county reports", "tours"])
Reader = Annotated[Principal, Depends(require_roles(*BUSINESS_ROLES))]
Planner = Annotated[Principal, Depends(require_roles(*PLANNERS))]
Reporter = Annotated[Principal, Depends(require_roles("county", "office"))]
Sweeper = Annotated[Principal, Depends(require_roles("operator", "office"))]
Half = Literal["h1", "h2"]


def _report_out(app: SchedulingDep, record: CountyMonth) -> CountyReportOut:
    return CountyReportOut(
        county=record.county,
        month=record.month,
        reports=record.reports,
        deadline=app.report_deadline(record.month),
        flagged_missing=record.flagged_missing_on is not None,
        version=record.version,
    )


@router.post(
    "/county-reports", status_code=201, response_model=CountyReportOut, summary="县级调度会议报告"
)
def file_report(
    body: CountyReportIn,
    app: SchedulingDep,
    ctx: ContextDep,
    principal: Reporter,
    response: Response,
) -> CountyReportOut:
    """A county reports holding its monthly key-project dispatch meeting (每月至少一次)."""
    ensure_scope(principal, county=body.county)
    with domain_errors():
        record = app.file_county_report(
            ctx, county=body.county, month=body.month, held_on=body.held_on, summary=body.summary
        )
    set_etag(response, record.version)
    return _report_out(app, record)


@router.get(
    "/county-reports/{county}/{month}",
    response_model=CountyReportOut,
    summary="县级调度会议报告情况",
)
def get_report(
    county: str,
    month: Annotated[BusinessMonth, Path()],
    app: SchedulingDep,
    principal: Reader,
) -> CountyReportOut:
    """What a county reported for a month, its deadline, and whether it was flagged."""
    ensure_scope(principal, county=county)
    record = app.find(CountyMonth, CountyMonth.create_id(county, month))
    if record is None:
        record = CountyMonth(county=county, month=month)  # never saved: nothing reported yet
    return _report_out(app, record)


@router.post("/admin/sweep", response_model=SweepOut, summary="定时检查(县级报告逾期)")
def sweep(body: SweepIn, app: SchedulingDep, ctx: ContextDep, principal: Sweeper) -> SweepOut:
    """Flag every county-month still unreported after its deadline (idempotent per as_of)."""
    flagged = app.sweep(ctx, body.as_of)
    return SweepOut(as_of=body.as_of, county_reports_missing=flagged)


def _tour_out(tour: Tour) -> TourOut:
    quality = tour.quality
    total = sum(quality.values())
    slots = tour.slots or 0
    shares = [
        TourShareOut(
            county=s.county,
            quality_projects=s.quality_projects,
            quota=float_free(s.quota),
            visits=s.visits,
            explanation=s.explanation(slots, total),
        )
        for s in allocate_visits(slots, quality)
    ]
    return TourOut(
        year=tour.year,
        half=tour.half,
        theme=THEMES[tour.half],
        slots=slots,
        allocation=tour.allocation,
        shares=shares,
        version=tour.version,
    )


@router.post("/tours/{year}/{half}", response_model=TourOut, summary="比晾晒观摩名额分配")
def plan_tour(
    year: Annotated[BusinessYear, Path()],
    half: Half,
    body: TourIn,
    app: SchedulingDep,
    engine: EngineDep,
    clock: ClockDep,
    ctx: ContextDep,
    principal: Planner,
    response: Response,
) -> TourOut:
    """H1 observes construction, H2 production: slots shared by quality-project counts
    (largest remainder), counties with none get none, each share explained."""
    counties = [u.unit_id for u in app.organisation().of_kind("county")]
    quality = quality_project_counts(engine, year, clock.today(), counties)
    with domain_errors():
        tour = app.plan_tour(ctx, year=year, half=half, slots=body.slots, quality=quality)
    set_etag(response, tour.version)
    return _tour_out(tour)


@router.get("/tours/{year}/{half}", response_model=TourOut, summary="比晾晒观摩安排")
def get_tour(
    year: Annotated[BusinessYear, Path()],
    half: Half,
    app: SchedulingDep,
    principal: Reader,
) -> TourOut:
    """The tour as last planned."""
    tour = app.find(Tour, Tour.create_id(year, half))
    if tour is None or tour.slots is None:
        raise NotFoundError(f"{year} {half} 尚未安排观摩 / no tour planned")
    return _tour_out(tour)
