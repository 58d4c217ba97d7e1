"""「我的工作」: what the signed-in person has to do now, per role.

Every section is read with the person's own token, so the services' scopes decide
what is "mine" (a county sees its county's issues, a department those assigned to
it, a project unit its projects'). A section whose service is down says so; the
others are still shown.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from contracts.access import may
from contracts.labels import LEVEL_LABELS
from servicekit.core.clock import SystemClock
from workbench.org import OrgNames, org_names
from workbench.pages import home_work as work
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import ApiDep, SessionDep, render, working_days

router = APIRouter(tags=["home"])

MEETINGS_AHEAD_DAYS = 14
MEETINGS_SHOWN = 8
ISSUES_SHOWN = 15
# Leaders read projects through sponsorship; the issues list has no sponsor scope.
ISSUE_READERS = frozenset(
    {"commander", "office", "subcommand_commander", "department", "county", "project_unit"}
)


@router.get("/", response_class=HTMLResponse, summary="我的工作")
async def home(request: Request, session: SessionDep, api: ApiDep) -> HTMLResponse:
    role = session.role.value
    today = SystemClock().today()
    context: dict[str, Any] = {"today": today, "links": work.quick_links(role)}
    if role == "operator":
        return render(request, "home.html", context)
    org = await _org(request, api, session)
    parts = await asyncio.gather(
        _part(_issues(request, api, session, today)),
        _part(_meetings(api, session, today)),
        _part(_county_reports(request, api, session, today)),
        _part(_sponsored(api, session)),
    )
    for part in parts:
        context.update(part)

    def assignee_name(assignee: object) -> str:
        text = str(assignee)
        return org.name(text) if text in org.names else LEVEL_LABELS.get(text, text)

    context.update(org=org, assignee_name=assignee_name, unit_name=org.name)
    return render(request, "home.html", context)


async def _org(request: Request, api: Api, session: Session) -> OrgNames:
    try:
        return await org_names(request, api, session)
    except UpstreamError:
        # Registry down: the last names known (or none); the sections still show.
        cached: OrgNames | None = getattr(request.app.state, "org_names", None)
        return cached or OrgNames()


async def _part(work_item: Awaitable[dict[str, Any]]) -> dict[str, Any]:
    """A section's context, or its name in ``unavailable`` when its service failed."""
    try:
        return await work_item
    except UpstreamError as error:
        return {f"{error.service}_unavailable": error.detail or "暂不可用"}


async def _issues(request: Request, api: Api, session: Session, today: date) -> dict[str, Any]:
    if session.role.value not in ISSUE_READERS:
        return {}
    issues = await api.get(session, "issues", "/v1/issues", {"limit": 5000})
    overdue, due_soon = work.deadlines(issues, today, working_days(request))
    waiting = work.awaiting(issues, session.role.value, session.unit)
    return {
        "issues_shown": True,
        "overdue": overdue,
        "due_soon": due_soon,
        "awaiting": waiting,
        "issues_limit": ISSUES_SHOWN,
    }


async def _meetings(api: Api, session: Session, today: date) -> dict[str, Any]:
    role = session.role.value
    if not may(role, "scheduling", "GET", "/v1/meetings"):
        return {}
    params = {
        "from": today.isoformat(),
        "to": (today + timedelta(days=MEETINGS_AHEAD_DAYS)).isoformat(),
    }
    meetings = await api.get(session, "scheduling", "/v1/meetings", params)
    mine = [m for m in meetings if work.meeting_is_mine(m, role, session.unit)]
    mine.sort(key=lambda m: (m["date"], m["title"]))
    return {"meetings_shown": True, "meetings": mine[:MEETINGS_SHOWN], "meetings_total": len(mine)}


async def _county_reports(
    request: Request, api: Api, session: Session, today: date
) -> dict[str, Any]:
    """A county officer's monthly dispatch-meeting reports not yet filed this year.

    Scheduling has no list of missing reports, so each month is read on its own
    (``GET /v1/county-reports/{county}/{month}``: reports, deadline, flagged)."""
    county = session.unit
    route = "/v1/county-reports/{county}/{month}"
    if session.role.value != "county" or not county:
        return {}
    if not may("county", "scheduling", "GET", route):
        return {}
    months = work.report_months(today)
    answers = await asyncio.gather(
        *(api.get(session, "scheduling", f"/v1/county-reports/{county}/{m}") for m in months)
    )
    calendar = working_days(request)
    missing, pending = [], []
    for answer in answers:
        deadline = date.fromisoformat(answer["deadline"])
        if answer["reports"]:
            continue
        if deadline < today:
            missing.append(answer)
        else:
            left = calendar.working_days_between(today, deadline).count
            pending.append({**answer, "working_days_left": left})
    return {
        "reports_shown": True,
        "reports_missing": missing,
        "reports_pending": pending,
        "reports_checked": len(months),
    }


async def _sponsored(api: Api, session: Session) -> dict[str, Any]:
    if session.role.value != "leader":
        return {}
    projects = await api.get(session, "registry", "/v1/projects", {"limit": 500})
    return {"sponsored_shown": True, "sponsored": projects}
