"""「我的工作」: what the signed-in person has to do now, per role."""

from __future__ import annotations

from datetime import date, timedelta

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from contracts.access import may
from servicekit.clock import SystemClock
from workbench.org import org_names
from workbench.web import ApiDep, SessionDep, render

router = APIRouter(tags=["home"])

OPEN_STATUSES = ("assigned", "in_progress", "reopened")
# "Due soon" on the home page: the deadline falls within this many calendar days.
DUE_SOON_DAYS = 3
MEETINGS_AHEAD_DAYS = 14


@router.get("/", response_class=HTMLResponse, summary="我的工作")
async def home(request: Request, session: SessionDep, api: ApiDep) -> HTMLResponse:
    role = session.role.value
    today = SystemClock().today()
    context: dict[str, object] = {"today": today}
    if role == "operator":
        return render(request, "home.html", context)
    org = await org_names(request, api, session)
    context["org"] = org
    if may(role, "issues", "GET", "/v1/issues"):
        issues = await api.get(session, "issues", "/v1/issues", {"limit": 1000})
        open_issues = [i for i in issues if i["status"] in OPEN_STATUSES]
        context["overdue"] = [i for i in open_issues if date.fromisoformat(i["deadline"]) < today]
        context["due_soon"] = [
            i
            for i in open_issues
            if today <= date.fromisoformat(i["deadline"]) <= today + timedelta(days=DUE_SOON_DAYS)
        ]
        context["awaiting_confirmation"] = [i for i in issues if i["status"] == "follow_up"]
    if may(role, "scheduling", "GET", "/v1/meetings"):
        params = {
            "from": today.isoformat(),
            "to": (today + timedelta(days=MEETINGS_AHEAD_DAYS)).isoformat(),
        }
        if role == "county" and session.unit:
            params["county"] = session.unit
        meetings = await api.get(session, "scheduling", "/v1/meetings", params)
        context["meetings"] = sorted(meetings, key=lambda m: m["date"])[:10]
    return render(request, "home.html", context)
