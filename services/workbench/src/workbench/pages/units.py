"""项目单位: register the enterprise building a project, with its credit code, so every
page names it; the registry checks the code (GB 32100-2015) and answers field by field."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from workbench.pages.project_forms import FORM_REFUSALS, require
from workbench.upstream import UpstreamError
from workbench.web import ApiDep, FormSessionDep, SessionDep, form_values, redirect, render

router = APIRouter(tags=["projects"])
UNITS = "/v1/units"
FIELDS = ("id", "name", "credit_code", "contact", "phone")


@router.get("/units/new", response_class=HTMLResponse, summary="登记项目单位")
async def unit_form(request: Request, session: SessionDep) -> HTMLResponse:
    require(session, UNITS, "登记项目单位")
    return render(request, "projects/unit_new.html", {"values": {}, "errors": {}})


@router.post("/units/new", summary="登记项目单位")
async def register_unit(request: Request, session: FormSessionDep, api: ApiDep) -> Response:
    require(session, UNITS, "登记项目单位")
    values = form_values(await request.form())
    body = {key: values.get(key, "").strip() for key in FIELDS}
    try:
        unit = await api.post(session, "registry", UNITS, body)
    except UpstreamError as exc:
        if exc.status not in FORM_REFUSALS:
            raise
        context = {"values": values, "errors": exc.field_errors, "problem": exc.detail}
        return render(request, "projects/unit_new.html", context, status=422)
    return redirect("/projects", flash=f"已登记项目单位：{unit['name']}（{unit['id']}）")
