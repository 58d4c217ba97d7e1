"""The issue forms: raise a problem (提出问题) and each command on one issue.

Each form becomes one issues API command sent with the person's own token. A refusal
the person can fix (422, or 409/412: not now) shows the same page again with the
service's reason next to the field and what was typed; success redirects with a
notice. After raising, the board waits until its read model shows the new card.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from contracts.access import may
from contracts.labels import LEVEL_LABELS, ROLE_LABELS
from workbench.org import org_names
from workbench.pages.issue_commands import BODIES, notice_for
from workbench.pages.issue_data import (
    category_choices,
    detail_context,
    issues_policy,
    project_learned,
    project_of,
    today,
    unit_namer,
)
from workbench.pages.issue_rules import ACTION_ROUTES, chinese
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

router = APIRouter(tags=["issues"])

FIXABLE = (409, 412, 422)
# The source an issue is raised as follows from who raises it (the office keeps the list).
RAISED_BY = {
    "project_unit": "project_unit",
    "county": "county",
    "leader": "leader",
    "office": "office",
    "commander": "office",
}
# "The office or the county may start it one level higher with a reason."
MAY_START_HIGHER = frozenset({"county", "office", "commander"})
# Leaders raise issues but read them through their projects, not the issue list.
BOARD_READERS = frozenset(ROLE_LABELS) - {"leader", "operator"}


def _shown_errors(error: UpstreamError) -> dict[str, str]:
    return {field: chinese(message) for field, message in error.field_errors.items()}


async def _raise(request: Request, api: Api, session: Session, body: dict[str, Any]) -> Any:
    """Raise; a project the issues service has not learned yet is waited for once."""
    try:
        return await api.post(session, "issues", "/v1/issues", body)
    except UpstreamError as exc:
        unknown = exc.status == 422 and "project_id" in exc.field_errors and body["project_id"]
        if not unknown or not await project_learned(request, api, session, body["project_id"]):
            raise
    return await api.post(session, "issues", "/v1/issues", body)


async def _raise_context(request: Request, api: Api, session: Session, project_id: str) -> Any:
    role = session.role.value
    if role not in RAISED_BY or not may(role, "issues", "POST", "/v1/issues"):
        raise PageError(403, "无权提出问题", "本角色不能在问题清单中提出问题。")
    org = await org_names(request, api, session)
    names = unit_namer(org)
    context: dict[str, Any] = {
        "project": await project_of(api, session, project_id),
        "categories": category_choices(issues_policy(request), names),
        "may_start_higher": role in MAY_START_HIGHER,
        "unit_name": names,
        "errors": {},
        "values": {"project_id": project_id, "raised_on": today().isoformat()},
    }
    if context["project"] is None:
        projects = await api.get(session, "registry", "/v1/projects", {"limit": 5000})
        context["projects"] = [(p["id"], f"{p['name']}（{names(p['county'])}）") for p in projects]
    return context


@router.get("/issues/new", response_class=HTMLResponse, summary="提出问题")
async def raise_form(
    request: Request,
    session: SessionDep,
    api: ApiDep,
    project_id: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    context = await _raise_context(request, api, session, project_id)
    return render(request, "issues/new.html", context)


@router.post("/issues/new", response_class=HTMLResponse, summary="提交问题")
async def raise_issue(request: Request, session: FormSessionDep, api: ApiDep) -> Response:
    values = form_values(await request.form())
    role = session.role.value
    body: dict[str, Any] = {
        "project_id": values.get("project_id", "").strip(),
        "category": values.get("category", ""),
        "title": values.get("title", "").strip(),
        "description": values.get("description", "").strip(),
        "raised_by": RAISED_BY.get(role, role),
        "raised_on": values.get("raised_on", ""),
    }
    if role in MAY_START_HIGHER and values.get("start_level") == "department":
        body.update(start_level="department", start_reason=values.get("start_reason", "").strip())
    try:
        issue = await _raise(request, api, session, body)
    except UpstreamError as exc:
        if exc.status not in FIXABLE:
            raise
        context = await _raise_context(request, api, session, body["project_id"])
        context.update(errors=_shown_errors(exc), values=values, problem=chinese(exc.detail))
        return render(request, "issues/new.html", context, status=422)
    notice = (
        f"已提出问题「{issue['title']}」，交{LEVEL_LABELS[issue['level']]}办理，"
        f"期限 {issue['deadline']}"
    )
    if role not in BOARD_READERS:
        return redirect("/", flash=notice)
    return redirect(f"/issues?highlight={quote(issue['id'])}", flash=notice)


@router.post("/issues/{issue_id}/{action}", response_class=HTMLResponse, summary="办理问题")
async def act_on_issue(
    request: Request, issue_id: UUID, action: str, session: FormSessionDep, api: ApiDep
) -> Response:
    if action not in BODIES:
        raise PageError(404, "页面不存在", "没有这项办理操作。")
    values = form_values(await request.form())
    body = BODIES[action](values)
    path = ACTION_ROUTES[action].format(issue_id=issue_id)
    try:
        updated = await api.post(session, "issues", path, body)
    except UpstreamError as exc:
        if exc.status not in FIXABLE:
            raise
        context = await detail_context(request, api, session, issue_id)
        context.update(
            form_action=action,
            errors=_shown_errors(exc),
            values=values,
            problem=chinese(exc.detail),
        )
        return render(request, "issues/detail.html", context, status=422)
    return redirect(f"/issues/{issue_id}", flash=notice_for(action, body, updated))
