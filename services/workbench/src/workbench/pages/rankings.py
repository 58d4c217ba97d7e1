"""排名通报: a month's county ranking with charts, the published notice, and publishing it.

Once a month's notice is published its frozen ranking is the official one and the page
shows it (the live ranking, which late reports may still move, is one click away).
Charts are drawn by ``static/js/rankings.js`` from a JSON block: no inline script.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from contracts.access import may
from servicekit.core.clock import SystemClock
from workbench.org import org_names
from workbench.pages.meeting_parts import refusal_text
from workbench.pages.meetings import MONTH_PATTERN, month_start, shift, visible
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import ApiDep, FormSessionDep, SessionDep, redirect, render

router = APIRouter(tags=["rankings"])

NOTICE_ROUTE = "/v1/notices/{month}"
MonthPath = Annotated[str, Path(pattern=MONTH_PATTERN)]


def month_text(month: str) -> str:
    return f"{month[:4]}年{int(month[5:7])}月"


def previous_month() -> str:
    """The latest month that can be ranked: last month (this one is still being reported)."""
    return shift(SystemClock().today().replace(day=1), -1).strftime("%Y-%m")


@router.get("/rankings", summary="排名通报（最近一月）")
async def latest_ranking(
    session: SessionDep,
    month: Annotated[str, Query(pattern="^$|" + MONTH_PATTERN)] = "",
) -> RedirectResponse:
    return RedirectResponse(f"/rankings/{month or previous_month()}", status_code=303)


@router.get("/rankings/{month}", response_class=HTMLResponse, summary="月度排名")
async def ranking_page(
    request: Request,
    month: MonthPath,
    session: SessionDep,
    api: ApiDep,
    live: Annotated[str, Query(pattern="^(|1)$")] = "",
) -> HTMLResponse:
    context = await ranking_context(request, api, session, month, live=bool(live))
    return render(request, "rankings/month.html", context)


async def ranking_context(
    request: Request, api: Api, session: Session, month: str, *, live: bool = False
) -> dict[str, Any]:
    ranking = await api.get(session, "assessment", f"/v1/rankings/{month}")
    notice = await _notice(api, session, month)
    shown = ranking if live or notice is None else notice
    org = await org_names(request, api, session)
    consequences = notice["consequences"] if notice else []
    first = month_start(month, SystemClock().today())
    return {
        "month": month,
        "month_text": month_text(month),
        "previous": shift(first, -1).strftime("%Y-%m"),
        "next": shift(first, 1).strftime("%Y-%m"),
        "live": live or notice is None,
        "ranking": shown,
        "rows": display_rows(shown["rows"]),
        "schedule_pct": _decimal(shown["schedule_pct"], "0.1"),
        "notice": notice,
        "org": org,
        "reminders": [c for c in consequences if c["kind"] == "reminder"],
        "interviews": [c for c in consequences if c["kind"] == "interview"],
        "interview_meetings": await _interview_meetings(api, session, month, consequences),
        "chart": _chart_data(shown["rows"]),
        "may_publish": may(session.role.value, "assessment", "POST", NOTICE_ROUTE),
        "errors": {},
        "values": {},
    }


async def _notice(api: Api, session: Session, month: str) -> dict[str, Any] | None:
    try:
        notice: dict[str, Any] = await api.get(session, "assessment", f"/v1/notices/{month}")
    except UpstreamError as exc:
        if exc.status == 404:
            return None  # not published yet
        raise
    return notice


async def _interview_meetings(
    api: Api, session: Session, month: str, consequences: list[dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """county → the 约谈 meetings scheduling arranged after this month's notice."""
    counties = sorted({c["county"] for c in consequences if c["kind"] == "interview"})
    if not counties or not may(session.role.value, "scheduling", "GET", "/v1/meetings"):
        return {}
    after = shift(month_start(month, SystemClock().today()), 1).isoformat()
    found: dict[str, list[dict[str, Any]]] = {}
    for county in counties:
        params = {"series": "interview", "county": county, "from": after}
        try:
            rows = await api.get(session, "scheduling", "/v1/meetings", params)
        except UpstreamError:
            continue  # the notice still shows; only the meeting link is missing
        found[county] = [m for m in rows if visible(m, session)]
    return found


def _decimal(value: str | None, places: str) -> str | None:
    """The API's six decimals, rounded half up for reading (the documents do the same)."""
    if value is None:
        return None
    return str(Decimal(value).quantize(Decimal(places), rounding=ROUND_HALF_UP))


def display_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            **row,
            "start_rate_text": _decimal(row["start_rate"], "0.1"),
            "investment_rate_text": _decimal(row["investment_rate"], "0.1"),
            "gap_text": _decimal(row["schedule_gap_pp"], "0.1"),
            "score_text": _decimal(row["score"], "0.01"),
        }
        for row in rows
    ]


def _chart_data(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Figures as the API states them (decimal strings); the script parses them."""
    return {
        "counties": [row["name"] for row in rows],
        "score": [row["score"] for row in rows],
        "start_rate": [row["start_rate"] for row in rows],
        "investment_rate": [row["investment_rate"] for row in rows],
        "low": [row["low"] for row in rows],
    }


@router.post("/rankings/{month}/notice", response_class=HTMLResponse, summary="发布月度通报")
async def publish_notice(
    request: Request, month: MonthPath, session: FormSessionDep, api: ApiDep
) -> Response:
    form = await request.form()
    reason = str(form.get("reason") or "").strip()
    try:
        notice = await api.post(
            session, "assessment", f"/v1/notices/{month}", {"reason": reason} if reason else None
        )
    except UpstreamError as exc:
        if exc.status not in (409, 412, 422):
            raise
        context = await ranking_context(request, api, session, month)
        errors = exc.field_errors or {"reason": "本月通报已发布，重新发布须说明理由"}
        context.update(errors=errors, values={"reason": reason}, problem=refusal_text(exc))
        return render(request, "rankings/month.html", context, status=422)
    kinds = [c["kind"] for c in notice["consequences"]]
    flash = (
        f"已发布{month_text(month)}通报（第 {notice['notice_version']} 版）："
        f"提醒 {kinds.count('reminder')} 个、约谈 {kinds.count('interview')} 个县（市、区）"
    )
    return redirect(f"/rankings/{month}", flash=flash)
