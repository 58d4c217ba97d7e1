"""``Idempotency-Key`` on POST commands, written once for every service (an ASGI middleware).

Same key, same caller, same body → the first answer is replayed and no second
event is stored. Same key with a different body → 422. A request still running
under a key → 409. Keys are scoped to the verified caller and the route, so one
user cannot replay another's answer. Answers of 5xx are not kept (a retry runs).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import (
    DateTime,
    Engine,
    Integer,
    LargeBinary,
    String,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from servicekit.core.clock import Clock, SystemClock
from servicekit.readside.readmodel import ReadModelBase
from servicekit.web.auth import TokenVerifier
from servicekit.web.problems import ProblemError

MAX_KEY_LENGTH = 200
MAX_BODY_BYTES = 1_000_000
PENDING = -1
# A claim older than this was left by a request that never finished (its process
# died, or the store failed while it answered): a retry with the same body takes
# the key over instead of meeting 409 "in progress" for ever. Requests are bounded
# far below this. If that process died after its command committed, the retry
# runs it again — the domain's own checks (versions, duplicates) then decide.
PENDING_LEASE = timedelta(seconds=60)


class IdempotencyRecord(ReadModelBase):
    __tablename__ = "kpd_idempotency"
    scope_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    body_hash: Mapped[str] = mapped_column(String(64))
    status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[str] = mapped_column(String(4000), default="[]")
    body: Mapped[bytes] = mapped_column(LargeBinary, default=b"")
    created: Mapped[datetime] = mapped_column(DateTime(timezone=True))


def _problem_message(problem: ProblemError) -> tuple[int, bytes]:
    return problem.status, json.dumps(problem.to_dict(), ensure_ascii=False).encode()


class IdempotencyMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        engine: Callable[[], Engine],
        verifier: Callable[[], TokenVerifier],
        clock: Clock | None = None,
    ) -> None:
        self.app = app
        self.engine = engine
        self.verifier = verifier
        self.clock = clock or SystemClock()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        headers = dict(scope.get("headers") or [])
        key = headers.get(b"idempotency-key")
        if scope["type"] != "http" or scope["method"] != "POST" or key is None:
            await self.app(scope, receive, send)
            return
        body = await _read_body(receive)
        replay = _replaying(body)
        if body is None or not 0 < len(key) <= MAX_KEY_LENGTH:
            await _send_problem(
                send,
                ProblemError(
                    "Idempotency-Key 须为 1–200 个字符,请求体不超过 1 MB",
                    status=400,
                    slug="invalid-idempotency-key",
                    title="请求无效 / Invalid request",
                ),
            )
            return
        auth = headers.get(b"authorization", b"").decode(errors="replace")
        try:
            principal = self.verifier().verify(auth.partition(" ")[2].strip())
        except ProblemError:
            await self.app(scope, replay, send)  # the route answers 401 itself
            return
        scope_key = hashlib.sha256(
            "|".join(
                [
                    principal.user,
                    str(principal.role),
                    principal.unit or "",
                    scope["path"],
                    key.decode(errors="replace"),
                ]
            ).encode()
        ).hexdigest()
        body_hash = hashlib.sha256(body).hexdigest()
        stored = await asyncio.to_thread(self._claim, scope_key, body_hash)
        if stored is not None:
            await _send_stored(send, stored)
            return
        captured: list[Message] = []

        async def capture(message: Message) -> None:
            captured.append(message)

        try:
            await self.app(scope, replay, capture)
        except BaseException:
            await asyncio.to_thread(self._release, scope_key)
            raise
        await asyncio.to_thread(self._complete, scope_key, captured)
        for message in captured:
            await send(message)

    def _claim(self, scope_key: str, body_hash: str) -> tuple[int, list[Any], bytes] | None:
        """Reserve the key, or return what to answer instead of running the command."""
        try:
            with self.engine().begin() as conn:
                row = conn.execute(
                    select(
                        IdempotencyRecord.body_hash,
                        IdempotencyRecord.status,
                        IdempotencyRecord.headers,
                        IdempotencyRecord.body,
                        IdempotencyRecord.created,
                    ).where(IdempotencyRecord.scope_key == scope_key)
                ).first()
                if (
                    row is not None
                    and row.status == PENDING
                    and row.body_hash == body_hash
                    and _abandoned(row.created, self.clock.now())
                ):
                    taken = conn.execute(
                        update(IdempotencyRecord)
                        .where(
                            IdempotencyRecord.scope_key == scope_key,
                            IdempotencyRecord.status == PENDING,
                            IdempotencyRecord.created == row.created,
                        )
                        .values(body_hash=body_hash, created=self.clock.now())
                    )
                    if getattr(taken, "rowcount", 0) == 1:
                        return None
                if row is None:
                    conn.execute(
                        insert(IdempotencyRecord).values(
                            scope_key=scope_key,
                            body_hash=body_hash,
                            status=PENDING,
                            headers="[]",
                            body=b"",
                            created=self.clock.now(),
                        )
                    )
                    return None
        except IntegrityError:
            return _as_stored(_in_progress())  # another request claimed it a moment ago
        if row.body_hash != body_hash:
            return _as_stored(
                ProblemError(
                    "同一 Idempotency-Key 已用于不同的请求体 / key reused with a different body",
                    status=422,
                    slug="idempotency-key-reused",
                    title="请求无法处理 / Unprocessable request",
                    errors=[
                        {"field": "header.Idempotency-Key", "message": "reused with another body"}
                    ],
                )
            )
        if row.status == PENDING:
            return _as_stored(_in_progress())
        return row.status, json.loads(row.headers), bytes(row.body)

    def _complete(self, scope_key: str, messages: list[Message]) -> None:
        start = next((m for m in messages if m["type"] == "http.response.start"), None)
        if start is None or start["status"] >= 500:
            self._release(scope_key)
            return
        body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
        keep = [
            [k.decode("latin-1"), v.decode("latin-1")]
            for k, v in start.get("headers", [])
            if k.lower() in (b"content-type", b"etag", b"location")
        ]
        with self.engine().begin() as conn:
            conn.execute(
                update(IdempotencyRecord)
                .where(IdempotencyRecord.scope_key == scope_key)
                .values(status=start["status"], headers=json.dumps(keep), body=body)
            )

    def _release(self, scope_key: str) -> None:
        with self.engine().begin() as conn:
            conn.execute(delete(IdempotencyRecord).where(IdempotencyRecord.scope_key == scope_key))


def _abandoned(created: datetime, now: datetime) -> bool:
    # SQLite hands timezone-aware columns back naive; they were written in UTC.
    stamp = created if created.tzinfo is not None else created.replace(tzinfo=UTC)
    return now - stamp > PENDING_LEASE


def _in_progress() -> ProblemError:
    return ProblemError(
        "同一 Idempotency-Key 的请求正在处理 / a request with this key is in progress",
        status=409,
        slug="idempotency-in-progress",
        title="与当前状态冲突 / Conflict",
    )


def _as_stored(problem: ProblemError) -> tuple[int, list[Any], bytes]:
    status, body = _problem_message(problem)
    return status, [["content-type", "application/problem+json"]], body


async def _read_body(receive: Receive) -> bytes | None:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replaying(body: bytes | None) -> Receive:
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body or b"", "more_body": False}

    return receive


async def _send_stored(send: Send, stored: tuple[int, list[Any], bytes]) -> None:
    status, headers, body = stored
    raw = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    raw += [(b"content-length", str(len(body)).encode()), (b"idempotent-replayed", b"true")]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


async def _send_problem(send: Send, problem: ProblemError) -> None:
    await _send_stored(send, _as_stored(problem))
