"""日历订阅: a person's links for calendar programs, made, shown once and revoked here.

The scheduling service issues the link; the workbench hands out its own address
for it (``/feeds/{secret}.ics`` here, passed through to scheduling), since people
reach the workbench and not the services behind it. The secret is shown on the page
that made it and nowhere else: it is not put in a redirect or a notice.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from contracts.labels import SERIES_LABELS
from workbench.org import org_names
from workbench.pages.meeting_parts import chinese_part
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import ApiDep, FormSessionDep, SessionDep, form_values, redirect, render

router = APIRouter(tags=["meetings"])
LINK_SHAPE = r"^[A-Za-z0-9_-]{20,100}$"
FEEDS = "/v1/calendar-feeds"


async def _page(
    request: Request, api: Api, session: Session, made: str | None = None, problem: str = ""
) -> HTMLResponse:
    feeds = await api.get(session, "scheduling", FEEDS)
    context = {
        "org": await org_names(request, api, session),
        "feeds": list(reversed(feeds)),
        "made": made,
        "problem": problem,
        "series_options": [("", "全部会议"), *SERIES_LABELS.items()],
        "series_labels": SERIES_LABELS,
    }
    return render(request, "meetings/feeds.html", context)


@router.get("/meetings/feeds", response_class=HTMLResponse, summary="日历订阅")
async def feeds_page(request: Request, session: SessionDep, api: ApiDep) -> HTMLResponse:
    return await _page(request, api, session)


@router.post("/meetings/feeds", response_class=HTMLResponse, summary="生成订阅链接")
async def make_feed(request: Request, session: FormSessionDep, api: ApiDep) -> HTMLResponse:
    values = form_values(await request.form())
    body = {"series": values.get("series") or None}
    if session.role.value == "county":
        body["county"] = session.unit  # a county subscribes to its own meetings
    try:
        issued = await api.post(session, "scheduling", FEEDS, body)
    except UpstreamError as error:
        if error.status in (401, 503) or error.status >= 500:
            raise
        return await _page(request, api, session, problem=chinese_part(error.detail))
    secret = str(issued["url"]).rsplit("/", 1)[-1].removesuffix(".ics")
    made = str(request.url_for("feed_passthrough", secret=secret))
    return await _page(request, api, session, made=made)


@router.post("/meetings/feeds/{feed_id}/revoke", summary="吊销订阅链接")
async def revoke_feed(
    feed_id: Annotated[UUID, Path()], session: FormSessionDep, api: ApiDep
) -> Response:
    await api.request(session, "DELETE", "scheduling", f"{FEEDS}/{feed_id}")
    return redirect("/meetings/feeds", flash="订阅链接已吊销，日历程序将不再收到更新")


@router.get("/feeds/{secret}.ics", name="feed_passthrough", summary="日历订阅（无需登录）")
async def feed_passthrough(
    secret: Annotated[str, Path(pattern=LINK_SHAPE)], api: ApiDep
) -> Response:
    """What a calendar program fetches: scheduling's answer, passed through as it is."""
    answer = await api.fetch_public("scheduling", f"/feeds/{secret}.ics")
    keep = ("content-type", "cache-control", "content-disposition")
    headers = {k: v for k, v in answer.headers.items() if k.lower() in keep}
    return Response(answer.content, status_code=answer.status_code, headers=headers)
