"""消息提醒: the signed-in person's inbox, from the notify service, and the header's count.

The count is fetched by the header itself (htmx, on load and every minute), so
a page never waits for the notify service and shows without it when it is down.
"""

from __future__ import annotations

import uuid
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from contracts.labels import NOTIFICATION_KIND_LABELS
from workbench.pages.meeting_parts import chinese_part
from workbench.upstream import UpstreamError
from workbench.web import ApiDep, FormSessionDep, SessionDep, redirect, render

router = APIRouter(tags=["inbox"])

PAGE_SIZE = 20
# How notify's templates introduce the workbench link (notify/templates/_footer).
LINK_LINE = "办理入口："


def in_this_workbench(link: str | None) -> str | None:
    """The page a message links to, here: e-mails carry the public address, the inbox
    is already on the workbench (behind whatever host and port the person used)."""
    if not link:
        return None
    parts = urlsplit(link)
    if not parts.path.startswith("/"):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def on_the_page(body: str) -> str:
    """The message without its e-mail's link line: 去办理 beside it goes there."""
    return "\n".join(line for line in body.splitlines() if not line.startswith(LINK_LINE))


@router.get("/inbox", response_class=HTMLResponse)
async def inbox_page(
    request: Request,
    session: SessionDep,
    api: ApiDep,
    unread: bool = False,
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    params = {
        "unread_only": "true" if unread else None,
        "limit": PAGE_SIZE,
        "offset": (page - 1) * PAGE_SIZE,
    }
    context: dict[str, Any] = {
        "unread_only": unread,
        "page": page,
        "kinds": NOTIFICATION_KIND_LABELS,
    }
    try:
        data = await api.get(session, "notify", "/v1/inbox", params)
    except UpstreamError as error:
        context.update(items=[], unread=0, total=0, problem=chinese_part(error.detail))
        return render(request, "inbox/index.html", context, status=200)
    shown = data["unread"] if unread else data["total"]
    context.update(
        items=[
            {**item, "href": in_this_workbench(item.get("link")), "body": on_the_page(item["body"])}
            for item in data["items"]
        ],
        unread=data["unread"],
        total=data["total"],
        pages=max(1, -(-shown // PAGE_SIZE)),
    )
    return render(request, "inbox/index.html", context)


@router.get("/inbox/count", response_class=HTMLResponse)
async def unread_count(request: Request, session: SessionDep, api: ApiDep) -> Response:
    """The header's badge; nothing at all when the notify service does not answer."""
    try:
        data = await api.get(session, "notify", "/v1/inbox", {"limit": 1})
    except UpstreamError:
        return HTMLResponse("")
    return render(request, "inbox/count.html", {"unread": int(data["unread"])})


@router.post("/inbox/{notification_id}/read")
async def mark_read(
    notification_id: uuid.UUID, session: FormSessionDep, api: ApiDep, request: Request
) -> Response:
    try:
        await api.post(session, "notify", f"/v1/inbox/{notification_id}/read")
    except UpstreamError as error:
        return redirect("/inbox", flash=chinese_part(error.detail) or "标记失败")
    back = request.headers.get("referer", "")
    return redirect("/inbox?unread=true" if "unread=true" in back else "/inbox")
