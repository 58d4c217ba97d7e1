"""月度专报: recent months' briefs to download, passed through from the assessment service.

``/briefs/{month}.{docx|pdf|html|md}`` asks assessment for the document with the
person's own token and hands it on with its type and a Chinese file name (RFC 5987
``filename*``). Until the office publishes (freezes) a month's brief, assessment
answers today's draft; publishing is offered to the office.
"""

from __future__ import annotations

import re
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from contracts.access import may
from servicekit.core.clock import SystemClock
from workbench.org import org_names
from workbench.pages.meeting_parts import chinese_part, refusal_text
from workbench.pages.meetings import MONTH_PATTERN, month_start, shift
from workbench.pages.rankings import month_text
from workbench.sessions import Session
from workbench.upstream import UpstreamError
from workbench.web import ApiDep, FormSessionDep, PageError, SessionDep, redirect, render

router = APIRouter(tags=["briefs"])

RECENT_MONTHS = 12
PUBLISH_ROUTE = "/v1/briefs/{month}"
FORMATS = {"docx": "Word", "pdf": "PDF", "html": "网页", "md": "Markdown"}
Format = Literal["docx", "pdf", "html", "md"]
# The brief's HTML comes from assessment; shown on this site it may style itself and
# show its embedded charts, but never run a script or load anything.
BRIEF_HTML_POLICY = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; sandbox"


def brief_file_name(month: str, fmt: str) -> str:
    return f"临汾市重点工程项目月度专报（{month_text(month)}）.{fmt}"


def content_disposition(month: str, fmt: str) -> str:
    """An ASCII name for old clients, the Chinese one per RFC 5987 for the rest."""
    kind = "inline" if fmt in ("html", "md") else "attachment"
    chinese = quote(brief_file_name(month, fmt), safe="")
    return f"{kind}; filename=\"brief-{month}.{fmt}\"; filename*=UTF-8''{chinese}"


def _months(last: str) -> list[dict[str, str]]:
    first = month_start(last, SystemClock().today())
    months = [shift(first, -back).strftime("%Y-%m") for back in range(RECENT_MONTHS)]
    return [{"month": m, "text": month_text(m)} for m in months]


def _context(session: Session, last: str) -> dict[str, Any]:
    return {
        "months": _months(last),
        "last": last,
        "formats": FORMATS,
        "may_publish": may(session.role.value, "assessment", "POST", PUBLISH_ROUTE),
        "errors": {},
        "values": {},
    }


@router.get("/briefs", response_class=HTMLResponse, summary="月度专报")
async def briefs_page(
    request: Request,
    session: SessionDep,
    month: Annotated[str, Query(pattern="^$|" + MONTH_PATTERN)] = "",
) -> HTMLResponse:
    last = month or SystemClock().today().strftime("%Y-%m")
    return render(request, "briefs/list.html", _context(session, last))


@router.get("/briefs/{month}.{fmt}", summary="下载月度专报")
async def download_brief(
    month: Annotated[str, Path(pattern=MONTH_PATTERN)],
    fmt: Format,
    session: SessionDep,
    api: ApiDep,
) -> Response:
    try:
        answer = await api.request(
            session, "GET", "assessment", f"/v1/briefs/{month}", params={"format": fmt}
        )
    except UpstreamError as exc:
        if exc.status == 401:
            raise
        raise PageError(
            exc.status,
            f"暂时无法提供{month_text(month)}专报的{FORMATS[fmt]}版",
            chinese_part(exc.detail),
        ) from exc
    headers = {"Content-Disposition": content_disposition(month, fmt)}
    if fmt == "html":
        headers["Content-Security-Policy"] = BRIEF_HTML_POLICY
    media_type = answer.headers.get("content-type", "application/octet-stream")
    return Response(answer.content, media_type=media_type, headers=headers)


@router.post("/briefs/{month}/publish", response_class=HTMLResponse, summary="发布月度专报")
async def publish_brief(
    request: Request,
    month: Annotated[str, Path(pattern=MONTH_PATTERN)],
    session: FormSessionDep,
    api: ApiDep,
) -> Response:
    form = await request.form()
    reason = str(form.get("reason") or "").strip()
    listed = str(form.get("last") or "")
    last = listed if re.fullmatch(MONTH_PATTERN, listed) else month
    try:
        brief = await api.post(
            session, "assessment", f"/v1/briefs/{month}", {"reason": reason} if reason else None
        )
    except UpstreamError as exc:
        if exc.status not in (409, 412, 422):
            raise
        context = _context(session, last)
        message = exc.field_errors.get("reason") or chinese_part(exc.detail)
        context.update(errors={month: message}, values={month: reason}, problem=refusal_text(exc))
        return render(request, "briefs/list.html", context, status=422)
    org = await org_names(request, api, session)
    lagging = "、".join(org.name(c) for c in brief["lagging_counties"]) or "无"
    flash = (
        f"已发布{month_text(month)}专报（第 {brief['brief_version']} 版），"
        f"进度滞后的县（市、区）：{lagging}"
    )
    return redirect(f"/briefs?month={last}", flash=flash)
