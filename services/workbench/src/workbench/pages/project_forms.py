"""登记项目: the register-a-project form, and what the project forms share.

A sector routes a project to its sub-command, so the sector list is the policy's
(grouped under the sub-command whose sectors include it); a county officer registers
for the own county only, so the county is fixed for that role.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from contracts.access import may
from contracts.labels import SECTOR_LABELS
from servicekit.core.clock import SystemClock
from workbench.org import org_names
from workbench.policy import IssuesView, policy_view
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

router = APIRouter(tags=["projects"])

REGISTER_ROUTE = "/v1/projects"
# A refusal the person can fix in the form: invalid input, a conflict, a stale copy.
FORM_REFUSALS = (409, 412, 422)
TEXT_FIELDS = ("name", "county", "sector", "level", "year", "project_unit")
AMOUNT_FIELDS = ("total_investment", "annual_planned_investment")
DATE_FIELDS = ("planned_start", "planned_completion")
YES_NO = [("true", "是"), ("false", "否")]


def require(session: Session, route: str, what: str) -> None:
    """A form the role may not use is refused outright (the page never offered it)."""
    if not may(session.role.value, "registry", "POST", route):
        raise PageError(403, f"无权{what}", f"{what}由有权限的单位办理，本账号不能提交。")


async def register_choices(request: Request, api: Api, session: Session) -> dict[str, Any]:
    org = await org_names(request, api, session)
    subcommand_of: dict[str, str] = {}
    for unit in org.of_kind("subcommands"):
        attributes = unit.get("attributes")
        sectors = attributes.get("sectors", []) if isinstance(attributes, dict) else []
        for sector in sectors:
            subcommand_of[str(sector)] = str(unit["name"])
    sectors = []
    for sector in policy_view(request, IssuesView).sector_lead_departments:
        text = SECTOR_LABELS.get(sector, sector)
        routed = subcommand_of.get(sector)
        sectors.append((sector, f"{text}（{routed}）" if routed else text))
    counties = [(str(u["id"]), str(u["name"])) for u in org.of_kind("counties")]
    return {
        "org": org,
        "unit_name": org.name,
        "sectors": [("", "请选择行业"), *sectors],
        "counties": [("", "请选择县（市、区）"), *counties],
        "county_fixed": session.role.value == "county",
        "yes_no": YES_NO,
    }


def project_body(values: dict[str, str]) -> dict[str, Any]:
    """The API's ProjectIn from the form; the API validates every field."""
    body: dict[str, Any] = {key: values.get(key, "").strip() for key in TEXT_FIELDS}
    for key in (*AMOUNT_FIELDS, *DATE_FIELDS):
        body[key] = values.get(key, "").strip() or None
    body["is_new"] = values.get("is_new") == "true"
    body["is_industrial"] = values.get("is_industrial") == "true"
    return body


@router.get("/projects/new", response_class=HTMLResponse, summary="登记项目")
async def register_form(request: Request, session: SessionDep, api: ApiDep) -> HTMLResponse:
    require(session, REGISTER_ROUTE, "登记项目")
    context = await register_choices(request, api, session)
    values = {
        "county": session.unit if context["county_fixed"] else "",
        "level": "city",
        "year": str(SystemClock().today().year),
        "is_new": "true",
        "is_industrial": "false",
    }
    context.update(values=values, errors={})
    return render(request, "projects/new.html", context)


@router.post("/projects/new", response_class=HTMLResponse, summary="提交项目登记")
async def register_project(request: Request, session: FormSessionDep, api: ApiDep) -> Response:
    require(session, REGISTER_ROUTE, "登记项目")
    values = form_values(await request.form())
    if session.role.value == "county":
        values["county"] = session.unit or ""  # the API refuses another county anyway
    try:
        project = await api.post(session, "registry", REGISTER_ROUTE, project_body(values))
    except UpstreamError as exc:
        if exc.status not in FORM_REFUSALS:
            raise
        context = await register_choices(request, api, session)
        context.update(values=values, errors=exc.field_errors, problem=exc.detail)
        return render(request, "projects/new.html", context, status=422)
    target = f"/projects/{quote(str(project['id']), safe='')}"
    return redirect(target, flash=f"已登记项目「{project['name']}」")
