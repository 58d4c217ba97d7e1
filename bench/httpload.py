"""A lean HTTP/1.1 keep-alive client on asyncio streams, and closed/open-loop load.

httpx costs a millisecond or more of CPU per request; on a 2-core machine the
load generator would then steal the services' CPU and understate them. This
client sends pre-encoded requests and reads just the status and body.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tests.support import PROJECT


class HttpError(Exception):
    pass


class Connection:
    """One keep-alive connection; one request at a time."""

    def __init__(self, base_url: str) -> None:
        parts = urlsplit(base_url)
        self.host = parts.hostname or "127.0.0.1"
        self.port = parts.port or 80
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(self, raw: bytes) -> tuple[int, bytes]:
        for attempt in (1, 2):
            if self._writer is None:
                self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            try:
                return await self._exchange(raw)
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()  # the server closed an idle keep-alive: reconnect once
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    async def _exchange(self, raw: bytes) -> tuple[int, bytes]:
        assert self._reader is not None
        assert self._writer is not None
        self._writer.write(raw)
        status_line = await self._reader.readuntil(b"\r\n")
        status = int(status_line.split(b" ", 2)[1])
        length = 0
        while (line := await self._reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
            elif name.strip().lower() == b"transfer-encoding":
                raise HttpError("chunked responses are not supported by the bench client")
        return status, await self._reader.readexactly(length)

    async def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
            self._writer = None


def post_request(base_url: str, path: str, body: dict[str, Any], token: str) -> bytes:
    parts = urlsplit(base_url)
    data = json.dumps(body, ensure_ascii=False).encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {parts.netloc}\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


def project_request(base_url: str, token: str, index: int) -> bytes:
    """POST /v1/projects with the suite's sample project, named uniquely."""
    body = {**PROJECT, "name": f"基准项目{index}"}
    return post_request(base_url, "/v1/projects", body, token)


@dataclass
class Outcome:
    """What a load run saw: accepted project ids with their answer times, and failures."""

    accepted: dict[str, float] = field(default_factory=dict)  # project id → wall-clock 201 time
    latencies: list[float] = field(default_factory=list)  # seconds, from due time to answer
    failures: list[str] = field(default_factory=list)
    sent: int = 0
    seconds: float = 0.0

    def record(self, status: int, body: bytes, due: float) -> None:
        now = time.perf_counter()
        if status != 201:
            self.failures.append(f"{status}: {body[:200]!r}")
            return
        self.accepted[str(json.loads(body)["id"])] = time.time()
        self.latencies.append(now - due)


async def closed_loop(
    base_url: str,
    make: Callable[[int], bytes],
    clients: int,
    seconds: float,
    limit: int | None = None,
) -> Outcome:
    """``clients`` connections each sending the next request as soon as the last is answered.

    Stops after ``seconds``, or after ``limit`` requests when given.
    """
    outcome = Outcome()
    counter = iter(range(limit if limit is not None else 10**9))
    deadline = time.perf_counter() + seconds

    async def client() -> None:
        conn = Connection(base_url)
        try:
            while time.perf_counter() < deadline:
                index = next(counter, None)
                if index is None:
                    return
                due = time.perf_counter()
                outcome.sent += 1
                status, body = await conn.request(make(index))
                outcome.record(status, body, due)
        finally:
            await conn.close()

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(clients)))
    outcome.seconds = time.perf_counter() - started
    return outcome
