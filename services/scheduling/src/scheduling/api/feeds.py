"""Calendar feed routes: a person issues, lists and revokes subscription links; a
calendar program fetches ``/feeds/{secret}.ics`` with no header at all.

The link is a capability URL, outside ``/v1``: every ``/v1`` route wants a bearer
token (tests/security/test_access_matrix.py holds them to it), this one is the
credential itself."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Depends, Path, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from contracts.types import Identifier
from scheduling.api.common import BUSINESS_ROLES, ClockDep, EngineDep, SchedulingDep, domain_errors
from scheduling.domain import CalendarFeed
from scheduling.ical import render_calendar
from scheduling.queries import list_meetings
from servicekit.web.auth import Principal, require_roles
from servicekit.web.dependencies import ContextDep
from servicekit.web.problems import NotFoundError, ServiceUnavailableError

router = APIRouter(prefix="/v1", tags=["calendar feeds"])
public_router = APIRouter(tags=["calendar feeds"])
# People who attend meetings; an auditor reads the record, it does not subscribe.
SUBSCRIBERS = tuple(role for role in BUSINESS_ROLES if role != "auditor")
Reader = Annotated[Principal, Depends(require_roles(*SUBSCRIBERS))]
Series = Literal["plenary", "dispatch", "topical", "county", "interview", "adhoc"]
ICS = "text/calendar; charset=utf-8"
# Calendar programs poll; five minutes keeps them current without refetching per view.
CACHE = "private, max-age=300"


class FeedIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    series: Series | None = None
    subcommand: Identifier | None = None
    county: Identifier | None = None


class FeedOut(BaseModel):
    id: str
    series: str | None
    subcommand: str | None
    county: str | None
    issued_on: dt.date
    revoked_on: dt.date | None
    active: bool


class FeedIssuedOut(FeedOut):
    url: str = Field(description="订阅地址（只显示这一次，请妥善保管）/ the link, shown once")


def feed_out(feed: CalendarFeed) -> FeedOut:
    return FeedOut(
        id=str(feed.id),
        series=feed.series,
        subcommand=feed.subcommand,
        county=feed.county,
        issued_on=feed.issued_on,
        revoked_on=feed.revoked_on,
        active=feed.active,
    )


@router.post(
    "/calendar-feeds", status_code=201, response_model=FeedIssuedOut, summary="生成日历订阅链接"
)
def issue_feed(
    body: FeedIn, request: Request, app: SchedulingDep, ctx: ContextDep, principal: Reader
) -> FeedIssuedOut:
    """A subscription link for the caller's calendar program (Outlook, 手机日历…), with the
    same filters as ``/v1/meetings``. The secret in it is the credential: it is answered
    only now and kept only as a digest; revoke the link if it leaks."""
    with domain_errors():
        feed, secret = app.issue_feed(
            ctx, series=body.series, subcommand=body.subcommand, county=body.county
        )
    url = str(request.url_for("feed_calendar", secret=secret))
    return FeedIssuedOut(**feed_out(feed).model_dump(), url=url)


@router.get("/calendar-feeds", response_model=list[FeedOut], summary="我的日历订阅链接")
def my_feeds(app: SchedulingDep, principal: Reader) -> list[FeedOut]:
    """The caller's links, active and revoked, without their secrets."""
    return [feed_out(feed) for feed in app.feeds_of(principal.user)]


@router.delete("/calendar-feeds/{feed_id}", status_code=204, summary="吊销日历订阅链接")
def revoke_feed(
    feed_id: Annotated[UUID, Path()], app: SchedulingDep, ctx: ContextDep, principal: Reader
) -> Response:
    """Its owner revokes a link (the office may revoke anyone's); it stops at once."""
    with domain_errors():
        app.revoke_feed(ctx, feed_id, by_office=principal.role in ("office", "commander"))
    return Response(status_code=204)


@public_router.get(
    "/feeds/{secret}.ics",
    name="feed_calendar",
    response_class=Response,
    summary="日历订阅（无需令牌）",
    responses={200: {"content": {"text/calendar": {}}}},
)
def feed_calendar(
    secret: Annotated[str, Path(min_length=20, max_length=100, pattern=r"^[A-Za-z0-9_-]+$")],
    request: Request,
    app: SchedulingDep,
    engine: EngineDep,
    clock: ClockDep,
) -> Response:
    """The link's meetings as iCalendar. An unknown or revoked link, or one whose
    owner's account was disabled, is a 404: a link is not told apart from a guess."""
    feed = app.feed_for_secret(secret)
    revocations = getattr(request.app.state, "revocations", None)
    if revocations is not None and not revocations.loaded:
        raise ServiceUnavailableError("吊销名单尚未载入，请稍后重试 / revocation list not loaded")
    if feed is not None and revocations is not None and revocations.disabled(feed.owner):
        feed = None  # a disabled account's links stop with it; enabling it revives them
    if feed is None:
        raise NotFoundError("订阅链接无效或已吊销 / unknown or revoked calendar feed")
    rows = list_meetings(engine, series=feed.series, subcommand=feed.subcommand, county=feed.county)
    calendar = render_calendar(rows, clock.now(), "临汾重点工程会议")
    headers = {"Cache-Control": CACHE, "Content-Disposition": 'inline; filename="kpd-meetings.ics"'}
    return Response(calendar, media_type=ICS, headers=headers)
