"""A bound on /v1 requests while the event store is unreachable.

eventsourcing retries a lost PostgreSQL connection inside every store call (ten
attempts, each waiting for the pool), so a request caught by an outage would hang
for ~14 s and then succeed or fail late, telling the client nothing meanwhile.
This ASGI middleware sits outside the Idempotency-Key layer, runs each /v1
request as a task of its own and answers 503 problem+json with Retry-After:

* at once, when the store probe already finds the store unreachable;
* when the request is still running ``store_request_bound_s`` after it arrived,
  has not begun its answer, and the probe finds the store unreachable;
* when the request fails, before answering, with a store-unreachable error (the
  route-level handlers do not see errors raised by middleware or read sessions).

A request answered early is not cancelled: sync routes run in a thread nothing
can interrupt, so it finishes or fails on its own and whatever it sends is
dropped. A 503 promises nothing either way; with an Idempotency-Key the client's
retry meets the first request's stored answer (409 while it still runs).
"""

from __future__ import annotations

import asyncio
import logging
import math
from collections.abc import Callable

import psycopg
import sqlalchemy.exc
from eventsourcing.persistence import InterfaceError, OperationalError
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.core.settings import ServiceSettings
from servicekit.runtime.storeprobe import StoreProbe
from servicekit.web.problems import ServiceUnavailableError, problem_response

log = logging.getLogger("kpd.store")
BUSINESS_PREFIX = "/v1/"
# How often a request past its bound looks at the probe again: cheap, and short
# next to the probe interval so the 503 follows the probe's verdict closely.
CHECK_S = 0.05
STORE_DOWN_ERRORS: tuple[type[BaseException], ...] = (
    OperationalError,
    InterfaceError,
    sqlalchemy.exc.OperationalError,
    sqlalchemy.exc.InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)
DETAIL = "存储暂不可用 / event store unavailable; retry later"
# Tasks of requests already answered 503: referenced here until they end, or the
# event loop (which keeps only weak references) could collect them mid-flight.
_detached: set[asyncio.Task[None]] = set()


def probe_of(app: object) -> Callable[[], StoreProbe | None]:
    """The running service's store probe (none before the lifespan has started)."""

    def probe() -> StoreProbe | None:
        runtime = getattr(getattr(app, "state", None), "runtime", None)
        found = getattr(runtime, "store_probe", None)
        return found if isinstance(found, StoreProbe) else None

    return probe


class _Exchange:
    """One request's channel to the client, cut once the middleware has answered for it."""

    def __init__(self, receive: Receive, send: Send) -> None:
        self._receive, self._send = receive, send
        self.started = False
        self.abandoned = False
        self.status: int | None = None

    async def receive(self) -> Message:
        if self.abandoned:
            return {"type": "http.disconnect"}
        return await self._receive()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
        if self.abandoned:
            return
        self.started = True
        await self._send(message)


class StoreDeadlineMiddleware:
    def __init__(
        self, app: ASGIApp, probe: Callable[[], StoreProbe | None], settings: ServiceSettings
    ) -> None:
        self.app = app
        self.probe = probe
        self.bound_s = settings.store_request_bound_s
        # By then the probe has looked again at least once.
        self.retry_after_s = max(1, math.ceil(2 * settings.store_probe_interval_s))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        business = scope["type"] == "http" and str(scope["path"]).startswith(BUSINESS_PREFIX)
        probe = self.probe() if business else None
        if probe is None:
            await self.app(scope, receive, send)
            return
        if not probe.reachable:
            await self._unavailable(scope, receive, send)
            return
        exchange = _Exchange(receive, send)
        try:
            # SQLite is never "unreachable": no task of its own, nothing to bound.
            if probe.settings.uses_postgres:
                if await self._bounded(scope, exchange, probe):
                    log.warning("store unreachable: %s answered 503 after its bound", scope["path"])
                    await self._unavailable(scope, receive, send)
                    return
            else:
                await self.app(scope, exchange.receive, exchange.send)
        except Exception as error:
            if exchange.started or not (
                isinstance(error, STORE_DOWN_ERRORS) or not probe.reachable
            ):
                raise
            log.warning("store unreachable: %s answered 503", scope["path"], exc_info=error)
            await self._unavailable(scope, receive, send)

    async def _bounded(self, scope: Scope, exchange: _Exchange, probe: StoreProbe) -> bool:
        """Run the request; True when it was cut loose to be answered 503 (it runs on)."""

        async def run() -> None:
            await self.app(scope, exchange.receive, exchange.send)

        task = asyncio.create_task(run())
        try:
            done, _ = await asyncio.wait({task}, timeout=self.bound_s)
            while not done:
                if not exchange.started and not probe.reachable:
                    exchange.abandoned = True  # same loop turn as the check: no send slips in
                    _detach(task, exchange, str(scope["path"]))
                    return True
                done, _ = await asyncio.wait({task}, timeout=CHECK_S)
        except BaseException:
            task.cancel()  # our caller is going (client gone, shutdown): so is the request
            raise
        task.result()  # its error, if any, is the caller's to answer
        return False

    async def _unavailable(self, scope: Scope, receive: Receive, send: Send) -> None:
        problem = ServiceUnavailableError(DETAIL, retry_after_seconds=self.retry_after_s)
        await problem_response(problem, Request(scope))(scope, receive, send)


def _detach(task: asyncio.Task[None], exchange: _Exchange, path: str) -> None:
    def finished(done: asyncio.Task[None]) -> None:
        _detached.discard(done)
        if done.cancelled():
            outcome = "cancelled"
        else:
            error = done.exception()
            outcome = repr(error) if error is not None else f"status {exchange.status}"
        # Worth a warning: a 503 whose command was stored after all is found by this line.
        log.warning("request %s answered 503 earlier has ended: %s", path, outcome)

    _detached.add(task)
    task.add_done_callback(finished)
