"""Read-your-writes across requests: ``KPD-Position`` out, ``KPD-Min-Position`` in.

A command that stores events answers, on its 2xx response, the log position of
the last event it stored (``KPD-Position: 42``). A read that carries
``KPD-Min-Position: 42`` waits until every read model of the service has applied
the log up to 42 — bounded by ``consistency_wait_s``, then ``503`` with
``Retry-After`` — so that the page after a form never shows a list without the
change. Reads of aggregates themselves are consistent at once; a service without
projections is at its log's head.

The positions a request wrote are collected by ``servicekit.core.positions``
(the runtime records there after each save); this layer only answers them.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.core.positions import collecting_written
from servicekit.web.problems import ProblemError, ServiceUnavailableError, problem_response

POSITION_HEADER = "kpd-position"
MIN_POSITION_HEADER = "kpd-min-position"
_POLL_S = 0.01
_MAX_POSITION = 2**63 - 1

ReadPosition = Callable[[], Awaitable[int]]


class ConsistencyMiddleware:
    """Stamps ``KPD-Position`` on command answers; holds reads until ``KPD-Min-Position``."""

    def __init__(self, app: ASGIApp, read_position: ReadPosition, wait_s: float) -> None:
        self.app = app
        self.read_position = read_position
        self.wait_s = wait_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["method"] in ("GET", "HEAD"):
            wanted = _header(scope, MIN_POSITION_HEADER)
            if wanted is not None:
                problem = await self._wait_for(wanted)
                if problem is not None:
                    await problem_response(problem, Request(scope))(scope, receive, send)
                    return
            await self.app(scope, receive, send)
            return
        with collecting_written() as holder:
            await self.app(scope, receive, _stamping(send, holder))

    async def _wait_for(self, wanted: str) -> ProblemError | None:
        """Wait for the read models; the problem to answer if they never get there."""
        if not wanted.isdigit() or int(wanted) > _MAX_POSITION:
            return ProblemError(
                f"KPD-Min-Position 须为非负整数 / must be a non-negative integer: {wanted[:40]!r}",
                status=400,
                slug="bad-min-position",
                title="请求头无效 / Invalid header",
            )
        target = int(wanted)
        deadline = time.monotonic() + self.wait_s
        while (position := await self.read_position()) < target:
            if time.monotonic() >= deadline:
                return ServiceUnavailableError(
                    f"读模型尚未更新到位置 {target}（当前 {position}），请稍后重试 / "
                    f"read models have not reached position {target} yet (at {position})",
                    retry_after_seconds=1,
                )
            await asyncio.sleep(_POLL_S)
        return None


def _header(scope: Scope, name: str) -> str | None:
    raw = name.encode()
    for key, value in scope["headers"]:
        if key == raw:
            text: str = value.decode("latin-1").strip()
            return text
    return None


def _stamping(send: Send, holder: list[int]) -> Send:
    async def stamp(message: Message) -> None:
        start = message["type"] == "http.response.start"
        if start and holder and 200 <= message["status"] < 300:
            headers = list(message.get("headers", []))
            headers.append((POSITION_HEADER.encode(), str(max(holder)).encode()))
            message = {**message, "headers": headers}
        await send(message)

    return stamp
