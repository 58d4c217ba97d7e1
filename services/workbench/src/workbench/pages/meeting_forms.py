"""Two small meeting forms: a county's report of its monthly dispatch meeting, and an
ad-hoc meeting (适时召开). A county or sub-command files and convenes for itself
only, so its own unit is fixed in the form; the office chooses.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from contracts.access import may
from servicekit.core.clock import SystemClock
from workbench.org import org_names
from workbench.pages.meeting_parts import refusal_text
from workbench.pages.meetings import MONTH_PATTERN
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import (
    ApiDep,
    FormSessionDep,
    PageError,
    SessionDep,
    form_values,
    redirect,
    render,
)

router = APIRouter(tags=["meetings"])

REPORT_ROUTE = "/v1/county-reports"
CONVENE_ROUTE = "/v1/meetings"
FORM_REFUSALS = (409, 412, 422)


def _require(session: Session, route: str, what: str) -> None:
    if not may(session.role.value, "scheduling", "POST", route):
        raise PageError(403, f"无权{what}", f"{what}由有权限的单位办理，本账号不能提交。")


async def _choices(request: Request, api: Api, session: Session) -> dict[str, Any]:
    org = await org_names(request, api, session)
    return {
        "org": org,
        "counties": [(str(u["id"]), str(u["name"])) for u in org.of_kind("counties")],
        "subcommands": [(str(u["id"]), str(u["name"])) for u in org.of_kind("subcommands")],
        "own_unit": session.unit,
        "own_unit_name": org.name(session.unit),
    }


@router.get("/meetings/county-report", response_class=HTMLResponse, summary="县级调度会议报告")
async def county_report_form(
    request: Request,
    session: SessionDep,
    api: ApiDep,
    county: str = "",
    month: Annotated[str, Query(pattern="^$|" + MONTH_PATTERN)] = "",
) -> HTMLResponse:
    _require(session, REPORT_ROUTE, "报送县级调度会议")
    chosen = session.unit if session.role.value == "county" else county
    shown = month or SystemClock().today().strftime("%Y-%m")
    context = await _choices(request, api, session)
    record = None
    if chosen:
        path = f"/v1/county-reports/{quote(str(chosen), safe='')}/{shown}"
        record = await api.get(session, "scheduling", path)
    context.update(values={"county": chosen or "", "month": shown}, errors={}, record=record)
    return render(request, "meetings/county_report.html", context)


@router.post("/meetings/county-report", response_class=HTMLResponse, summary="报送县级调度会议")
async def file_county_report(request: Request, session: FormSessionDep, api: ApiDep) -> Response:
    _require(session, REPORT_ROUTE, "报送县级调度会议")
    form = await request.form()
    values = form_values(form)
    if session.role.value == "county":
        values["county"] = session.unit or ""
    body = {key: values.get(key, "") for key in ("county", "month", "held_on", "summary")}
    try:
        await api.post(session, "scheduling", REPORT_ROUTE, body)
    except UpstreamError as exc:
        if exc.status not in FORM_REFUSALS:
            raise
        context = await _choices(request, api, session)
        context.update(
            values=values, errors=exc.field_errors, problem=refusal_text(exc), record=None
        )
        return render(request, "meetings/county_report.html", context, status=422)
    query = urlencode({"county": body["county"], "month": body["month"]})
    return redirect(f"/meetings/county-report?{query}", flash="已报送县级重点工程项目调度会议")


@router.get("/meetings/new", response_class=HTMLResponse, summary="召开临时会议")
async def new_meeting_form(request: Request, session: SessionDep, api: ApiDep) -> HTMLResponse:
    _require(session, CONVENE_ROUTE, "召开临时会议")
    context = await _choices(request, api, session)
    level = {"county": "county", "subcommand_commander": "subcommand"}.get(session.role.value, "hq")
    context.update(values={"level": level}, errors={})
    return render(request, "meetings/new.html", context)


@router.post("/meetings/new", response_class=HTMLResponse, summary="召开临时会议")
async def convene_meeting(request: Request, session: FormSessionDep, api: ApiDep) -> Response:
    _require(session, CONVENE_ROUTE, "召开临时会议")
    form = await request.form()
    values = form_values(form)
    # A county or sub-command convenes its own meetings only (the API checks the same).
    if session.role.value == "county":
        values["county"] = session.unit or ""
    if session.role.value == "subcommand_commander":
        values["subcommand"] = session.unit or ""
    body: dict[str, str | None] = {
        key: values.get(key, "") for key in ("title", "chair", "date", "level")
    }
    body.update({k: values.get(k) or None for k in ("subcommand", "county")})
    try:
        meeting = await api.post(session, "scheduling", CONVENE_ROUTE, body)
    except UpstreamError as exc:
        if exc.status not in FORM_REFUSALS:
            raise
        context = await _choices(request, api, session)
        context.update(values=values, errors=exc.field_errors, problem=refusal_text(exc))
        return render(request, "meetings/new.html", context, status=422)
    target = f"/meetings/{quote(meeting['meeting_id'], safe='')}"
    return redirect(target, flash="已安排临时会议")
