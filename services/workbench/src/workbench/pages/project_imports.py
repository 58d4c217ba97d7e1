"""项目导入: the office downloads the template, fills it, uploads it, and follows the job
until it has stored every project or named every bad cell."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from workbench.pages.project_forms import require
from workbench.upstream import UpstreamError
from workbench.web import ApiDep, FormSessionDep, SessionDep, redirect, render

router = APIRouter(tags=["projects"])
IMPORT_ROUTE = "/v1/imports/projects"
TEMPLATE = "/v1/imports/projects/template.xlsx"


@router.get("/projects/import", response_class=HTMLResponse, summary="导入项目")
async def import_form(request: Request, session: SessionDep) -> HTMLResponse:
    require(session, IMPORT_ROUTE, "导入项目")
    return render(request, "projects/import.html", {"problem": ""})


@router.get("/projects/import/template.xlsx", summary="下载导入模板")
async def template(session: SessionDep, api: ApiDep) -> Response:
    require(session, IMPORT_ROUTE, "导入项目")
    answer = await api.request(session, "GET", "registry", TEMPLATE)
    keep = ("content-type", "content-disposition")
    return Response(answer.content, headers={k: v for k, v in answer.headers.items() if k in keep})


@router.post("/projects/import", summary="上传导入文件")
async def upload(request: Request, session: FormSessionDep, api: ApiDep) -> Response:
    require(session, IMPORT_ROUTE, "导入项目")
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        problem = "请选择填写好的 .xlsx 文件"
        return render(request, "projects/import.html", {"problem": problem}, status=422)
    data = await upload.read()
    files = {"file": (upload.filename, data, "application/octet-stream")}
    try:
        job = await api.post(session, "registry", IMPORT_ROUTE, files=files)
    except UpstreamError as error:
        if error.status in (401, 503) or error.status >= 500:
            raise
        context = {"problem": error.detail.split(" / ")[0]}
        return render(request, "projects/import.html", context, status=422)
    return redirect(f"/projects/import/{job['id']}")


@router.get("/projects/import/{import_id}", response_class=HTMLResponse, summary="导入结果")
async def import_job(
    request: Request, import_id: Annotated[UUID, Path()], session: SessionDep, api: ApiDep
) -> HTMLResponse:
    job = await api.get(session, "registry", f"/v1/imports/{import_id}")
    return render(request, "projects/import_job.html", {"job": job})
