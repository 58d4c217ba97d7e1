"""作战室: the command centre's big screen (1920×1080, dark), refreshed in place.

The page loads once; ``static/js/warroom.js`` reads ``/warroom/data.json`` every
``refresh`` seconds and updates the charts with ``setOption``. Each part is built on
its own: a service that is down makes its panels say 暂不可用 while the others
still update. The figures are what the person's own token may list (a sub-command
commander sees the sub-command's projects, a leader the sponsored ones).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse

from contracts.labels import LEVEL_LABELS, SERIES_LABELS, STATUS_LABELS, label
from servicekit.core.clock import BUSINESS_TZ, SystemClock
from workbench.org import OrgNames, org_names
from workbench.pages import warroom_figures as figures
from workbench.pages import warroom_sources as sources
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import ApiDep, PageError, SessionDep, render

router = APIRouter(tags=["warroom"])

# The screen is for those who command and oversee the whole mechanism; a county or
# a department follows its own figures on 「我的工作」 and the lists.
WARROOM_ROLES = frozenset({"commander", "office", "subcommand_commander", "leader", "auditor"})
DEFAULT_REFRESH_S = 30
WEEKDAYS = "一二三四五六日"
Year = Annotated[int | None, Query(ge=2000, le=2100, description="年度（默认今年）")]
Refresh = Annotated[int, Query(ge=2, le=600, description="刷新间隔（秒）")]


def _refuse_unless_allowed(session: Session) -> None:
    if session.role.value not in WARROOM_ROLES:
        raise PageError(
            403,
            "无权访问作战室",
            "作战室大屏面向总指挥部、指挥部办公室、分指挥部、包联领导和审计。"
            "本单位的项目、问题和会议请在「我的工作」、项目库和问题清单中查看。",
        )


async def _org(request: Request, api: Api, session: Session) -> OrgNames:
    try:
        return await org_names(request, api, session)
    except UpstreamError:
        # Registry down: names from the last good answer (or none); its panels say so.
        cached: OrgNames | None = getattr(request.app.state, "org_names", None)
        return cached or OrgNames()


def _scope(session: Session, org: OrgNames) -> str:
    if session.role.value == "subcommand_commander" and session.unit:
        return org.name(session.unit)
    if session.role.value == "leader":
        return "包联项目"
    return "全市"


@router.get("/warroom", response_class=HTMLResponse, summary="作战室")
async def warroom(
    request: Request,
    session: SessionDep,
    api: ApiDep,
    year: Year = None,
    refresh: Refresh = DEFAULT_REFRESH_S,
) -> HTMLResponse:
    _refuse_unless_allowed(session)
    shown = year or SystemClock().today().year
    org = await _org(request, api, session)
    context = {"year": shown, "refresh": refresh, "scope": _scope(session, org)}
    return render(request, "warroom/index.html", context)


@router.get("/warroom/data.json", summary="作战室数据")
async def warroom_data(
    request: Request, session: SessionDep, api: ApiDep, year: Year = None
) -> JSONResponse:
    if session.role.value not in WARROOM_ROLES:
        return JSONResponse({"detail": "无权查看作战室"}, status_code=403)
    today = SystemClock().today()
    shown = year or today.year
    org = await _org(request, api, session)
    projects, issues, meetings = await asyncio.gather(
        _part(_projects_part(request, api, session, org, shown)),
        _part(_issues_part(request, api, session, org, today)),
        _part(_meetings_part(api, session, today)),
    )
    answer = {
        "generated_at": datetime.now(BUSINESS_TZ).isoformat(timespec="seconds"),
        "today": today.isoformat(),
        "year": shown,
        "projects": projects,
        "issues": issues,
        "meetings": meetings,
    }
    return JSONResponse(answer, headers={"Cache-Control": "no-store"})


async def _part(work: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    try:
        return {"ok": True, **await work}
    except UpstreamError as error:
        why = "无权查看" if error.status == 403 else "暂不可用"
        return {"ok": False, "reason": f"{why}：{error.detail}" if error.detail else why}


async def _projects_part(
    request: Request, api: Api, session: Session, org: OrgNames, year: int
) -> dict[str, Any]:
    rows = await sources.project_figures(request, api, session, year)
    counties = figures.units_in_order(org.of_kind("counties"), (p.county for p in rows), org.name)
    subcommands = [
        (unit, name.removesuffix("项目分指挥部").removesuffix("分指挥部"))
        for unit, name in figures.units_in_order(
            org.of_kind("subcommands"), (p.subcommand for p in rows), org.name
        )
    ]
    return {
        "totals": figures.totals(rows),
        "by_county": figures.figures_by(rows, "county", counties),
        "by_subcommand": figures.figures_by(rows, "subcommand", subcommands),
        "lights": figures.light_counts(rows),
    }


async def _issues_part(
    request: Request, api: Api, session: Session, org: OrgNames, today: date
) -> dict[str, Any]:
    issues = await api.get(session, "issues", "/v1/issues", {"limit": 5000})
    counts = figures.issue_counts(issues, today)
    escalated = await sources.latest_escalations(request, api, session, issues)
    counts["escalations"] = [
        {
            "id": e["id"],
            "title": e["title"],
            "county": org.name(e["county"]) if e.get("county") else "",
            "from_level": label(LEVEL_LABELS, e["from_level"]) if e["from_level"] else "",
            "to_level": label(LEVEL_LABELS, e["level"]),
            "status": label(STATUS_LABELS, e["status"]),
            "automatic": e["automatic"],
            "at": datetime.fromisoformat(e["at"]).astimezone(BUSINESS_TZ).strftime("%m-%d %H:%M"),
        }
        for e in escalated
    ]
    return counts


async def _meetings_part(api: Api, session: Session, today: date) -> dict[str, Any]:
    first, last = sources.this_week(today)
    meetings = [
        m for m in await sources.week_meetings(api, session, today) if m["status"] != "cancelled"
    ]
    items = [
        {
            "date": m["date"][5:],
            "weekday": f"周{WEEKDAYS[date.fromisoformat(m['date']).weekday()]}",
            "title": m["title"],
            "series": label(SERIES_LABELS, m["series"]),
            "held": m["status"] == "held",
            "past": m["date"] < today.isoformat(),
        }
        for m in meetings
    ]
    return {"from": first.isoformat(), "to": last.isoformat(), "items": items}
