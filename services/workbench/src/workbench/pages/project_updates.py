"""Two small project forms: a stage change (开工、复工、竣工、投产) and an approval step
of the fast-track clock (受理、办结). The registry decides which stage may follow
which; its refusal (409, with the reason) is shown above the form.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from contracts.labels import STAGE_LABELS
from servicekit.core.clock import SystemClock
from workbench.org import org_names
from workbench.pages.project_forms import FORM_REFUSALS, require
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import ApiDep, FormSessionDep, SessionDep, form_values, redirect, render

router = APIRouter(tags=["projects"])

STAGE_ROUTE = "/v1/projects/{project_id}/stage"
APPROVAL_ROUTE = "/v1/projects/{project_id}/approvals"
STAGE_WHAT = "变更建设阶段"
APPROVAL_WHAT = "登记审批环节"


async def _project_context(
    request: Request, api: Api, session: Session, project_id: UUID
) -> dict[str, Any]:
    project = await api.get(session, "registry", f"/v1/projects/{project_id}")
    org = await org_names(request, api, session)
    return {"org": org, "unit_name": org.name, "project": project}


def _stage_choices(current: str) -> list[tuple[str, str]]:
    # Every later stage; the registry refuses an illegal one and says why.
    later = [code for code in STAGE_LABELS if code not in ("preparation", current)]
    return [("", "请选择"), *((code, STAGE_LABELS[code]) for code in later)]


async def _stage_page(
    request: Request,
    api: Api,
    session: Session,
    project_id: UUID,
    form: dict[str, Any],
    status: int = 200,
) -> HTMLResponse:
    context = await _project_context(request, api, session, project_id)
    context.update(stages=_stage_choices(context["project"]["stage"]), **form)
    return render(request, "projects/stage.html", context, status=status)


@router.get("/projects/{project_id:uuid}/stage", response_class=HTMLResponse, summary=STAGE_WHAT)
async def stage_form(
    request: Request, project_id: UUID, session: SessionDep, api: ApiDep
) -> HTMLResponse:
    require(session, STAGE_ROUTE, STAGE_WHAT)
    values = {"on": SystemClock().today().isoformat()}
    return await _stage_page(request, api, session, project_id, {"values": values, "errors": {}})


@router.post("/projects/{project_id:uuid}/stage", response_class=HTMLResponse, summary=STAGE_WHAT)
async def change_stage(
    request: Request, project_id: UUID, session: FormSessionDep, api: ApiDep
) -> Response:
    require(session, STAGE_ROUTE, STAGE_WHAT)
    values = form_values(await request.form())
    stage = values.get("stage", "")
    body = {"stage": stage, "on": values.get("on", "").strip() or None}
    try:
        await api.post(session, "registry", f"/v1/projects/{project_id}/stage", body)
    except UpstreamError as exc:
        if exc.status not in FORM_REFUSALS:
            raise
        form = {"values": values, "errors": exc.field_errors, "problem": exc.detail}
        return await _stage_page(request, api, session, project_id, form, status=422)
    reached = STAGE_LABELS.get(stage, stage)
    return redirect(f"/projects/{project_id}", flash=f"建设阶段已变更为{reached}（{body['on']}）")


async def _approval_page(
    request: Request,
    api: Api,
    session: Session,
    project_id: UUID,
    form: dict[str, Any],
    status: int = 200,
) -> HTMLResponse:
    context = await _project_context(request, api, session, project_id)
    clock = await api.get(session, "registry", f"/v1/projects/{project_id}/approvals")
    # The chain as the registry's policy file configures it, names included.
    known = await api.get(session, "registry", "/v1/approval-steps")
    steps = [(str(step["id"]), str(step["name"])) for step in known]
    context.update(clock=clock, steps=[("", "请选择"), *steps], **form)
    return render(request, "projects/approval.html", context, status=status)


@router.get(
    "/projects/{project_id:uuid}/approvals/new", response_class=HTMLResponse, summary=APPROVAL_WHAT
)
async def approval_form(
    request: Request, project_id: UUID, session: SessionDep, api: ApiDep
) -> HTMLResponse:
    require(session, APPROVAL_ROUTE, APPROVAL_WHAT)
    values = {"submitted_on": SystemClock().today().isoformat()}
    form = {"values": values, "errors": {}}
    return await _approval_page(request, api, session, project_id, form)


@router.post(
    "/projects/{project_id:uuid}/approvals/new", response_class=HTMLResponse, summary=APPROVAL_WHAT
)
async def record_approval_step(
    request: Request, project_id: UUID, session: FormSessionDep, api: ApiDep
) -> Response:
    require(session, APPROVAL_ROUTE, APPROVAL_WHAT)
    values = form_values(await request.form())
    body = {
        "step": values.get("step", ""),
        "submitted_on": values.get("submitted_on", "").strip() or None,
        "granted_on": values.get("granted_on", "").strip() or None,
    }
    try:
        await api.post(session, "registry", f"/v1/projects/{project_id}/approvals", body)
    except UpstreamError as exc:
        if exc.status not in FORM_REFUSALS:
            raise
        form = {"values": values, "errors": exc.field_errors, "problem": exc.detail}
        return await _approval_page(request, api, session, project_id, form, status=422)
    named = {s["id"]: s["name"] for s in await api.get(session, "registry", "/v1/approval-steps")}
    step = named.get(values.get("step", ""), values.get("step", ""))
    state = "办结" if body["granted_on"] else "受理"
    return redirect(f"/projects/{project_id}", flash=f"已登记审批环节：{step}{state}")
