"""One project's page: its facts, stage history, monthly reports with photos, sponsor
and visits, the approval clock, warnings, its issues and its audited timeline; and
the photo proxy that lets the page show registry photos with the reader's token.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Path, Request
from fastapi.responses import HTMLResponse, Response

from contracts.access import may
from servicekit.core.clock import BUSINESS_TZ
from workbench.org import org_names
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import ApiDep, SessionDep, render

router = APIRouter(tags=["projects"])

PHOTO_PREFIX = "photo:"
Digest = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
# Photos are content-addressed: the bytes behind a digest never change.
PHOTO_HEADERS = {"Cache-Control": "private, max-age=31536000, immutable"}
PROJECT_ROUTE = "/v1/projects/{project_id}"


def photo_digest(ref: str) -> str | None:
    """The SHA-256 of a ``photo:<sha256>`` reference; other addresses have none here."""
    digest = ref.removeprefix(PHOTO_PREFIX) if ref.startswith(PHOTO_PREFIX) else ""
    hex_digits = len(digest) == 64 and all(c in "0123456789abcdef" for c in digest)
    return digest if hex_digits else None


def local_time(text: str) -> str:
    """An RFC 3339 instant as Linfen's wall-clock time, to the minute."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(BUSINESS_TZ)
    return moment.strftime("%Y-%m-%d %H:%M")


async def project_issues(
    api: Api, session: Session, project: dict[str, Any]
) -> list[dict[str, Any]] | None:
    """The project's issues; the issues API has no project filter, so filter here.
    ``None`` when the reader's role may not list issues (a leader, say)."""
    if not may(session.role.value, "issues", "GET", "/v1/issues"):
        return None
    params = {"county": project["county"], "limit": 5000}
    try:
        rows = await api.get(session, "issues", "/v1/issues", params)
    except UpstreamError as exc:
        if exc.status != 403:
            raise
        return None
    return [row for row in rows if row.get("project_id") == project["id"]]


def shaped_reports(project: dict[str, Any]) -> list[dict[str, Any]]:
    """Reports newest month first, each photo with its proxy URLs when it is one of ours."""
    reports = []
    for report in sorted(project["reports"], key=lambda r: r["month"], reverse=True):
        photos = []
        for ref in report["photos"]:
            digest = photo_digest(ref)
            photos.append(
                {
                    "ref": ref,
                    "full": f"/photos/{digest}" if digest else "",
                    "thumbnail": f"/photos/{digest}/thumbnail" if digest else "",
                }
            )
        reports.append({**report, "photo_links": photos})
    return reports


def offered_forms(role: str) -> dict[str, bool]:
    """The forms the reader's role may use on this page (the API checks the scope)."""
    path = PROJECT_ROUTE
    return {
        "may_report": may(role, "registry", "POST", f"{path}/reports"),
        "may_stage": may(role, "registry", "POST", f"{path}/stage"),
        "may_approval": may(role, "registry", "POST", f"{path}/approvals"),
        "may_raise_issue": may(role, "issues", "POST", "/v1/issues"),
    }


@router.get("/projects/{project_id:uuid}", response_class=HTMLResponse, summary="项目详情")
async def project_page(
    request: Request, project_id: UUID, session: SessionDep, api: ApiDep
) -> HTMLResponse:
    base = f"/v1/projects/{project_id}"
    # The project first: a 403 or 404 here is the page's answer, before anything else.
    project = await api.get(session, "registry", base)
    approvals, history, issues, org = await asyncio.gather(
        api.get(session, "registry", f"{base}/approvals"),
        api.get(session, "registry", f"{base}/history"),
        project_issues(api, session, project),
        org_names(request, api, session),
    )
    events = [{**event, "when": local_time(str(event["recorded_at"]))} for event in history]
    context = {
        "org": org,
        "unit_name": org.name,
        "project": project,
        "reports": shaped_reports(project),
        "approvals": approvals,
        "history": list(reversed(events)),
        "issues": issues,
        "warnings": list(reversed(project["warnings"])),
        **offered_forms(session.role.value),
    }
    return render(request, "projects/detail.html", context)


async def _photo(api: Api, session: Session, path: str) -> Response:
    # Buffered, not streamed: Api answers whole responses, and the registry bounds a
    # photo at 10 MB (a thumbnail at 320 px), so one photo in memory is acceptable.
    answer = await api.request(session, "GET", "registry", path)
    media_type = answer.headers.get("content-type", "")
    if not media_type.startswith("image/"):
        media_type = "application/octet-stream"  # never let other content render as a page
    return Response(answer.content, media_type=media_type, headers=PHOTO_HEADERS)


@router.get("/photos/{digest}", summary="进度照片")
async def photo(digest: Digest, session: SessionDep, api: ApiDep) -> Response:
    return await _photo(api, session, f"/v1/photos/{digest}")


@router.get("/photos/{digest}/thumbnail", summary="进度照片缩略图")
async def photo_thumbnail(digest: Digest, session: SessionDep, api: ApiDep) -> Response:
    return await _photo(api, session, f"/v1/photos/{digest}/thumbnail")
