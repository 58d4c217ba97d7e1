"""月度进度填报: the month's investment and 形象进度 with site photos.

Each chosen photo is uploaded to the registry first (``POST /v1/photos``, which
answers its ``photo:<sha256>`` reference), then the report is filed naming them.
When the registry refuses the report, the photos already uploaded ride along in the
re-shown form, so the person fixes the field without choosing the files again.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData, UploadFile

from servicekit.core.clock import SystemClock
from workbench.org import org_names
from workbench.pages.project_detail import photo_digest
from workbench.pages.project_forms import FORM_REFUSALS, require
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import ApiDep, FormSessionDep, SessionDep, form_values, redirect, render

router = APIRouter(tags=["projects"])

REPORT_ROUTE = "/v1/projects/{project_id}/reports"
PHOTO_ROUTE = "/v1/photos"
# Besides the form refusals, an upload may be too large (413) or not an image (415).
UPLOAD_REFUSALS = (*FORM_REFUSALS, 413, 415)
WHAT = "填报月度进度"
# The one form that carries files: its own, larger body limit (workbench.main).
REPORT_FORM_PATH = r"/projects/[0-9a-fA-F-]{36}/reports/new"


async def _context(
    request: Request, api: Api, session: Session, project_id: UUID, **extra: Any
) -> dict[str, Any]:
    project = await api.get(session, "registry", f"/v1/projects/{project_id}")
    org = await org_names(request, api, session)
    uploaded = [
        {"ref": ref, "thumbnail": f"/photos/{photo_digest(ref)}/thumbnail"}
        for ref in extra.pop("uploaded", [])
    ]
    return {"org": org, "unit_name": org.name, "project": project, "uploaded": uploaded, **extra}


def _chosen_files(form: FormData) -> list[UploadFile]:
    # A file input left empty still sends one part, with no file name.
    return [f for f in form.getlist("photos") if isinstance(f, UploadFile) and f.filename]


def _kept_refs(form: FormData) -> list[str]:
    """References uploaded on an earlier, refused try (only well-formed ones)."""
    return [r for r in form.getlist("uploaded_photos") if isinstance(r, str) and photo_digest(r)]


def _photo_errors(errors: dict[str, str]) -> dict[str, str]:
    """The API names a photo by its index (``photos.2``); the form has one photo field."""
    merged = {key: value for key, value in errors.items() if not key.startswith("photos")}
    photo_problems = [value for key, value in errors.items() if key.startswith("photos")]
    if photo_problems:
        merged["photos"] = "；".join(dict.fromkeys(photo_problems))
    return merged


class PhotoRefusedError(Exception):
    """The registry refused one of the chosen photos (too large, not an image, …)."""


async def _upload_all(
    api: Api, session: Session, photos: list[UploadFile], refs: list[str]
) -> None:
    """Upload each photo, appending its reference; refusals name the file."""
    for photo in photos:
        content_type = photo.content_type or "application/octet-stream"
        file = {"file": (photo.filename, photo.file, content_type)}
        try:
            stored = await api.post(session, "registry", PHOTO_ROUTE, files=file)
        except UpstreamError as exc:
            if exc.status not in UPLOAD_REFUSALS:
                raise
            raise PhotoRefusedError(f"{photo.filename}：{exc.detail}") from exc
        refs.append(str(stored["ref"]))


@router.get("/projects/{project_id:uuid}/reports/new", response_class=HTMLResponse, summary=WHAT)
async def report_form(
    request: Request, project_id: UUID, session: SessionDep, api: ApiDep
) -> HTMLResponse:
    require(session, REPORT_ROUTE, WHAT)
    values = {"month": SystemClock().today().strftime("%Y-%m")}
    context = await _context(request, api, session, project_id, values=values, errors={})
    return render(request, "projects/report.html", context)


@router.post("/projects/{project_id:uuid}/reports/new", response_class=HTMLResponse, summary=WHAT)
async def file_report(
    request: Request, project_id: UUID, session: FormSessionDep, api: ApiDep
) -> Response:
    require(session, REPORT_ROUTE, WHAT)
    form = await request.form()
    values = form_values(form)
    values.pop("uploaded_photos", None)
    refs = _kept_refs(form)
    month = values.get("month", "").strip()
    try:
        await _upload_all(api, session, _chosen_files(form), refs)
        body = {
            "month": month,
            "investment_completed": values.get("investment_completed", "").strip() or None,
            "physical_progress": values.get("physical_progress", "").strip(),
            "photos": refs,
        }
        await api.post(session, "registry", f"/v1/projects/{project_id}/reports", body)
    except PhotoRefusedError as exc:
        errors, problem = {"photos": str(exc)}, "照片未能上传，月度进度尚未提交。"
    except UpstreamError as exc:
        if exc.status not in FORM_REFUSALS:
            raise
        errors, problem = _photo_errors(exc.field_errors), exc.detail
    else:
        pictures = f"，照片 {len(refs)} 张" if refs else ""
        flash = f"已填报 {month} 月度进度{pictures}"
        return redirect(f"/projects/{project_id}", flash=flash)
    context = await _context(
        request,
        api,
        session,
        project_id,
        values=values,
        errors=errors,
        problem=problem,
        uploaded=refs,
    )
    return render(request, "projects/report.html", context, status=422)
