"""Bounded request bodies: 413 before a byte is read when ``Content-Length`` says too much.

Without it a 100 MB body with no token was read whole before the 401 (registry
RSS 113 → 405 MB). A declared length over the limit is answered at once and the
body is never read; a chunked body is counted as it arrives and cut off at the
limit. Routes that take files (the registry's photos) name their own, larger
limit by path; they still stream what they receive.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.web.problems import PROBLEM_MEDIA_TYPE, ProblemError


class BodyTooLargeError(ProblemError):
    status, slug, title = 413, "body-too-large", "请求体过大 / Request body too large"


@dataclass(frozen=True)
class BodyLimit:
    """``limit`` bytes for requests whose path matches ``path`` (a regular expression)."""

    path: str
    limit: int


def too_large(limit: int) -> BodyTooLargeError:
    return BodyTooLargeError(
        f"请求体超过 {limit} 字节 / request body over {limit} bytes",
        extensions={"limit_bytes": limit},
    )


class BodyLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        limit: int,
        overrides: Iterable[BodyLimit] = (),
        html: bool = False,
    ) -> None:
        """``html``: answer people (the workbench) with a page, not a problem document."""
        self.app = app
        self.html = html
        self.limit = limit
        self.overrides = [(re.compile(o.path), o.limit) for o in overrides]

    def limit_for(self, path: str) -> int:
        for pattern, limit in self.overrides:
            if pattern.fullmatch(path):
                return limit
        return self.limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope["path"])
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await self._answer(scope, send, too_large(limit))
            return
        received = 0
        started = exceeded = False

        async def counted_receive() -> Message:
            nonlocal received, exceeded
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    exceeded = True
                    raise too_large(limit)
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            if exceeded:
                # Whatever the app made of the cut-off body (FastAPI: a 400 "error
                # parsing the body"), the answer is the 413; the app's is dropped.
                if not started:
                    started = True
                    await self._answer(scope, send, too_large(limit))
                return
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLargeError as error:
            # Raised outside a route (a middleware reading the body): answered here.
            if started:
                return
            started = True
            await self._answer(scope, send, error)

    async def _answer(self, scope: Scope, send: Send, problem: ProblemError) -> None:
        if self.html:
            mb = problem.extensions["limit_bytes"] / (1024 * 1024)
            text = (
                '<!doctype html><html lang="zh-CN"><meta charset="utf-8">'
                "<title>提交的内容过大</title><h1>提交的内容过大</h1>"
                f"<p>这次提交超过了 {mb:.0f} MB 的上限，没有被处理。请减少或压缩照片后重试。</p>"
                '<p><a href="javascript:history.back()">返回上一页</a></p></html>'
            )
            await _send(send, problem.status, "text/html; charset=utf-8", text.encode())
            return
        body = json.dumps(problem.to_dict(instance=scope["path"]), ensure_ascii=False).encode()
        await _send(send, problem.status, PROBLEM_MEDIA_TYPE, body)


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _send(send: Send, status: int, media_type: str, body: bytes) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", media_type.encode()),
                (b"content-length", str(len(body)).encode()),
                # The rest of the body is not read: the connection cannot be reused.
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
