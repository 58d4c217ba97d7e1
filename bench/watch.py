"""Watching the pipeline from outside: stream heads, consumer positions, the audit log.

Positions are sampled from JetStream itself (stream and consumer info), so a
service's own metrics are never trusted for its own throughput.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import nats
from nats.js import JetStreamContext

from contracts.subjects import STREAMS

REGISTRY_STREAM = STREAMS["registry"]
ISSUES_DURABLE = "issues--registry"

Probe = Callable[[JetStreamContext], Awaitable[int]]


async def stream_head(js: JetStreamContext) -> int:
    return int((await js.stream_info(REGISTRY_STREAM)).state.last_seq)


async def issues_ack_floor(js: JetStreamContext) -> int:
    info = await js.consumer_info(REGISTRY_STREAM, ISSUES_DURABLE)
    return int(info.ack_floor.stream_seq) if info.ack_floor else 0


async def issues_pending(js: JetStreamContext) -> int:
    info = await js.consumer_info(REGISTRY_STREAM, ISSUES_DURABLE)
    return int((info.num_pending or 0) + (info.num_ack_pending or 0))


class PositionWatch:
    """Samples ``probe`` every ``interval`` seconds on a thread of its own."""

    def __init__(self, url: str, probe: Probe, interval: float = 0.05) -> None:
        self.url = url
        self.probe = probe
        self.interval = interval
        self.samples: list[tuple[float, int]] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=lambda: asyncio.run(self._run()), daemon=True)

    def __enter__(self) -> PositionWatch:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join(10)

    @property
    def last(self) -> int | None:
        return self.samples[-1][1] if self.samples else None

    async def _run(self) -> None:
        nc = await nats.connect(self.url)
        try:
            js = nc.jetstream(timeout=5)
            while not self._stop.is_set():
                # Right after a start the consumer may not exist yet: just sample again.
                with contextlib.suppress(Exception):
                    self.samples.append((time.perf_counter(), await self.probe(js)))
                await asyncio.sleep(self.interval)
        finally:
            await nc.close()

    def wait_stable(self, at_least: int, still_for: float, timeout: float) -> int:
        """Wait until the value is ≥ ``at_least`` and unchanged for ``still_for`` seconds."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            time.sleep(0.1)
            if not self.samples or self.samples[-1][1] < at_least:
                continue
            value = self.samples[-1][1]
            since = next((t for t, v in reversed(self.samples) if v != value), self.samples[0][0])
            if time.perf_counter() - since >= still_for:
                return value
        raise TimeoutError(f"position stuck at {self.last} (wanted ≥ {at_least})")

    def throughput(self, start: int, end: int) -> tuple[int, float]:
        """(events, seconds) from the last sample at ``start`` to the first at ``end``."""
        began = max((t for t, v in self.samples if v <= start), default=self.samples[0][0])
        ended = min(t for t, v in self.samples if v >= end)
        return end - start, max(ended - began, self.interval)


def run_js(url: str, probe: Probe) -> int:
    """One probe on a fresh connection (outside any running loop)."""

    async def once() -> int:
        nc = await nats.connect(url)
        try:
            return await probe(nc.jetstream(timeout=5))
        finally:
            await nc.close()

    return asyncio.run(once())


def gauge_sum(metrics_text: str, name: str) -> float:
    """The sum of a gauge's samples (all label sets) in a Prometheus text exposition."""
    return sum(
        float(line.rpartition(" ")[2])
        for line in metrics_text.splitlines()
        if line.startswith(name + "{") or line.startswith(name + " ")
    )


def wait_registry_idle(base_url: str, timeout: float = 180.0, still_for: float = 3.0) -> None:
    """Until the registry's relay and projection report no lag for ``still_for`` seconds.

    A group that follows a failed sustain probe would otherwise be measured while
    that probe's backlog is still being published and projected.
    """
    deadline = time.monotonic() + timeout
    idle_since: float | None = None
    with httpx.Client(base_url=base_url, timeout=5) as client:
        while time.monotonic() < deadline:
            text = client.get("/metrics").text
            lag = gauge_sum(text, "kpd_relay_lag_events") + gauge_sum(
                text, "kpd_projection_lag_events"
            )
            now = time.monotonic()
            if lag > 0:
                idle_since = None
            elif idle_since is None:
                idle_since = now
            elif now - idle_since >= still_for:
                return
            time.sleep(0.5)
    raise TimeoutError("registry relay or projection still lagging")


def wait_issues_idle(url: str, timeout: float = 120.0) -> None:
    """Until the issues consumer has nothing pending or unacknowledged."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if run_js(url, issues_pending) == 0:
            return
        time.sleep(0.2)
    raise TimeoutError("issues consumer still has pending messages")


def audit_events(base_url: str, token: str, after: int) -> list[dict[str, Any]]:
    """Every stored event after ``after`` through GET /v1/audit/events (auditor role)."""
    events: list[dict[str, Any]] = []
    with httpx.Client(base_url=base_url, timeout=30) as client:
        while True:
            response = client.get(
                "/v1/audit/events",
                params={"after": after, "limit": 1000},
                headers={"Authorization": f"Bearer {token}"},
            )
            response.raise_for_status()
            page = response.json()
            events += page["events"]
            if len(page["events"]) < 1000:
                return events
            after = int(page["next_after"])


def audit_head(base_url: str, token: str) -> int:
    events = audit_events(base_url, token, 0)
    return int(events[-1]["position"]) if events else 0
