"""Meeting routes: the year's calendar, lists and iCalendar, ad-hoc meetings, agenda, minutes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response

from scheduling.agenda import build_agenda, unit_names
from scheduling.api.common import (
    BUSINESS_ROLES,
    PLANNERS,
    ClockDep,
    EngineDep,
    SchedulingDep,
    domain_errors,
    meeting_out,
)
from scheduling.api.schemas import (
    AdhocMeetingIn,
    AgendaOut,
    CalendarOut,
    CancelIn,
    MeetingOut,
    MinutesIn,
    RescheduleIn,
)
from scheduling.domain import Meeting, chair_side_may_act
from scheduling.ical import render_calendar
from scheduling.queries import list_meetings
from servicekit.web.auth import Principal, ensure_scope, require_roles
from servicekit.web.dates import BusinessDate, BusinessYear
from servicekit.web.dependencies import ContextDep
from servicekit.web.problems import ForbiddenError, NotFoundError
from servicekit.web.versioning import IfMatchDep, check_version, set_etag

router = APIRouter(prefix="/v1", tags=["meetings"])
Reader = Annotated[Principal, Depends(require_roles(*BUSINESS_ROLES))]
Planner = Annotated[Principal, Depends(require_roles(*PLANNERS))]
Convener = Annotated[
    Principal, Depends(require_roles("office", "commander", "subcommand_commander", "county"))
]
Year = Annotated[BusinessYear, Path()]


@router.post("/calendars/{year}", response_model=CalendarOut, summary="生成年度会议日历")
def generate_calendar(
    year: Year, app: SchedulingDep, ctx: ContextDep, principal: Planner
) -> CalendarOut:
    """Schedule the year's standing meetings (idempotent): plenary quarterly, dispatch every
    two months, topical monthly per sub-command, county dispatch monthly per county; each
    on the policy's slot, moved to the next statutory working day when needed."""
    with domain_errors():
        counts, created = app.generate_year(ctx, year)
    return CalendarOut(year=year, counts=counts, created=created, total=sum(counts.values()))


async def _filters(
    series: Annotated[
        str | None, Query(pattern="^(plenary|dispatch|topical|county|interview|adhoc)$")
    ] = None,
    date_from: Annotated[BusinessDate | None, Query(alias="from")] = None,
    date_to: Annotated[BusinessDate | None, Query(alias="to")] = None,
    subcommand: str | None = None,
    county: str | None = None,
) -> dict[str, object]:
    return {
        "series": series,
        "date_from": date_from,
        "date_to": date_to,
        "subcommand": subcommand,
        "county": county,
    }


Filters = Annotated[dict[str, object], Depends(_filters)]
ICS = "text/calendar; charset=utf-8"


@router.get("/meetings.ics", summary="会议日历订阅(iCalendar)", response_class=Response)
def meetings_ical(
    filters: Filters, engine: EngineDep, clock: ClockDep, principal: Reader
) -> Response:
    """The filtered meeting list as ``text/calendar`` for calendar programs."""
    rows = list_meetings(engine, **filters)  # type: ignore[arg-type]
    return Response(render_calendar(rows, clock.now(), "临汾重点工程会议"), media_type=ICS)


@router.get("/meetings", response_model=list[MeetingOut], summary="会议列表")
def meetings(
    request: Request, filters: Filters, engine: EngineDep, clock: ClockDep, principal: Reader
) -> list[MeetingOut] | Response:
    """Meetings filtered by series, date range (``from``/``to``), sub-command, county.
    ``Accept: text/calendar`` answers the same list as iCalendar."""
    rows = list_meetings(engine, **filters)  # type: ignore[arg-type]
    if "text/calendar" in request.headers.get("accept", ""):
        return Response(render_calendar(rows, clock.now(), "临汾重点工程会议"), media_type=ICS)
    return [
        MeetingOut(
            meeting_id=r.meeting_id,
            series=r.series,
            title=r.title,
            date=r.date,
            chair=r.chair,
            level=r.level,
            subcommand=r.subcommand,
            county=r.county,
            month=r.month,
            status=r.status,
            held_on=r.held_on,
            version=r.version,
        )
        for r in rows
    ]


@router.post("/meetings", status_code=201, response_model=MeetingOut, summary="召开临时会议")
def convene(
    body: AdhocMeetingIn,
    response: Response,
    app: SchedulingDep,
    ctx: ContextDep,
    principal: Convener,
) -> MeetingOut:
    """An ad-hoc meeting (适时召开) at any level; sub-commands and counties convene their own."""
    if principal.role in ("subcommand_commander", "county"):
        ensure_scope(principal, subcommand=body.subcommand, county=body.county)
    with domain_errors():
        meeting = app.convene(
            ctx,
            title=body.title,
            chair=body.chair,
            on=body.date,
            level=body.level,
            subcommand=body.subcommand,
            county=body.county,
        )
    set_etag(response, meeting.version)
    return meeting_out(meeting)


def _load(app: SchedulingDep, meeting_id: str, principal: Principal) -> Meeting:
    with domain_errors():
        meeting = app.meeting(meeting_id)
    # A county's own meetings (and its interview) are its business only; the rest is city-wide.
    if meeting.county is not None and principal.role not in ("commander", "office", "auditor"):
        ensure_scope(principal, county=meeting.county)
    return meeting


@router.get("/meetings/{meeting_id}", response_model=MeetingOut, summary="会议详情")
def get_meeting(
    meeting_id: str,
    app: SchedulingDep,
    principal: Reader,
    response: Response,
    as_of: datetime | None = None,
) -> MeetingOut:
    """A meeting with its history and minutes; ``as_of`` rebuilds it as it stood then."""
    meeting = _load(app, meeting_id, principal)
    if as_of is not None:
        try:
            meeting = app.get_as_of(meeting.id, as_of)
        except Exception as exc:
            raise NotFoundError(f"会议在 {as_of} 尚不存在 / not yet scheduled then") from exc
    set_etag(response, meeting.version)
    return meeting_out(meeting)


@router.get("/meetings/{meeting_id}/agenda", response_model=AgendaOut, summary="会议议程")
def agenda(
    meeting_id: str, app: SchedulingDep, engine: EngineDep, clock: ClockDep, principal: Reader
) -> AgendaOut:
    """Items from issues, projects and the last notice; frozen once the meeting is held."""
    meeting = _load(app, meeting_id, principal)
    if meeting.status == "held":
        return AgendaOut(meeting_id=meeting_id, frozen=True, items=meeting.agenda)
    today = clock.today()
    items = build_agenda(engine, meeting, today, unit_names(app.organisation(), today))
    return AgendaOut(meeting_id=meeting_id, frozen=False, items=items)


def _chair_side(meeting: Meeting, principal: Principal) -> None:
    if not chair_side_may_act(meeting, str(principal.role), principal.unit):
        raise ForbiddenError(
            "只有会议主持方或总指挥部办公室可以操作 / only the chair's side or the office"
        )


@router.post("/meetings/{meeting_id}/minutes", response_model=MeetingOut, summary="会议纪要")
def minutes(
    meeting_id: str,
    body: MinutesIn,
    app: SchedulingDep,
    engine: EngineDep,
    ctx: ContextDep,
    principal: Convener,  # the chair's side; auditors never write
    expected: IfMatchDep,
    response: Response,
) -> MeetingOut:
    """Hold the meeting: attendees, decisions and the frozen agenda. A decision with an
    assignee and a deadline assigns work (交办): the issues service makes it an issue."""
    meeting = _load(app, meeting_id, principal)
    _chair_side(meeting, principal)
    check_version(meeting, expected)
    items = build_agenda(
        engine, meeting, body.held_on, unit_names(app.organisation(), body.held_on)
    )
    with domain_errors():
        meeting = app.record_minutes(
            ctx,
            meeting,
            held_on=body.held_on,
            attendees=body.attendees,
            decisions=[d.model_dump() for d in body.decisions],
            agenda=items,
        )
    set_etag(response, meeting.version)
    return meeting_out(meeting)


@router.post("/meetings/{meeting_id}/reschedule", response_model=MeetingOut, summary="会议改期")
def reschedule(
    meeting_id: str,
    body: RescheduleIn,
    app: SchedulingDep,
    ctx: ContextDep,
    principal: Convener,  # the chair's side; auditors never write
    expected: IfMatchDep,
    response: Response,
) -> MeetingOut:
    """Move the meeting to another date, with a reason (an event, never an overwrite)."""
    meeting = _load(app, meeting_id, principal)
    _chair_side(meeting, principal)
    check_version(meeting, expected)
    with domain_errors():
        meeting = app.reschedule(ctx, meeting, body.date, body.reason)
    set_etag(response, meeting.version)
    return meeting_out(meeting)


@router.post("/meetings/{meeting_id}/cancel", response_model=MeetingOut, summary="取消会议")
def cancel(
    meeting_id: str,
    body: CancelIn,
    app: SchedulingDep,
    ctx: ContextDep,
    principal: Convener,  # the chair's side; auditors never write
    expected: IfMatchDep,
    response: Response,
) -> MeetingOut:
    """Cancel the meeting, with a reason."""
    meeting = _load(app, meeting_id, principal)
    _chair_side(meeting, principal)
    check_version(meeting, expected)
    with domain_errors():
        meeting = app.cancel(ctx, meeting, body.reason)
    set_etag(response, meeting.version)
    return meeting_out(meeting)


@router.get("/org/known", summary="本服务已知的组织机构")
def known_organisation(app: SchedulingDep, principal: Reader) -> dict[str, object]:
    """The organisation as learned from the registry's events (counts per kind, units)."""
    units = app.organisation().units.values()
    counts: dict[str, int] = {}
    for unit in units:
        counts[unit.kind] = counts.get(unit.kind, 0) + 1
    return {
        "counts": counts,
        "units": [{"unit_id": u.unit_id, "kind": u.kind, "name": u.name} for u in units],
    }
