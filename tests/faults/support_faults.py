"""Fault-test helpers: a paced command load, what arrived where, and the figures.

A command is *accepted* when the registry answered 2xx. *Lost* counts accepted
projects missing from KPD_REGISTRY or never learned by issues; *duplicated*
counts projects seen more than once on the stream or learned more than once in
issues' store (read through its audit API, so SQLite and PostgreSQL alike).
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

import httpx
import nats

from contracts.registry import ProjectRegistered
from tests.support import PROJECT, Suite, read_stream

REGISTRY_STREAM = "KPD_REGISTRY"
REGISTERED = ProjectRegistered.type_name()
LEARNED_TOPIC_SUFFIX = "KnownProject.Learned"
RecordProperty = Callable[[str, object], None]


def hypothesis_runs() -> int:
    """Examples per stateful test: KPD_HYPOTHESIS_RUNS (nightly sets 1000), default 50."""
    return int(os.environ.get("KPD_HYPOTHESIS_RUNS", "50"))


@dataclass(frozen=True)
class Outcome:
    """One command as the client saw it; status None means no answer at all."""

    sent_at: float
    answered_at: float
    status: int | None
    project_id: str | None
    detail: str = ""

    @property
    def accepted(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


@dataclass
class CommandLoad:
    """``total`` register-project commands from ``workers`` clients, at most ``rate`` per second.

    Runs in a background thread so the test can break things while it runs.
    """

    url: str
    headers: dict[str, str]
    total: int
    workers: int = 6
    rate: float | None = None
    timeout_s: float = 15.0
    outcomes: list[Outcome] = field(default_factory=list)
    _thread: threading.Thread | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def start(self) -> CommandLoad:
        self._thread = threading.Thread(target=self.run, name="command-load", daemon=True)
        self._thread.start()
        return self

    def join(self, timeout: float) -> list[Outcome]:
        assert self._thread is not None
        self._thread.join(timeout)
        assert not self._thread.is_alive(), f"command load still running after {timeout}s"
        return self.outcomes

    def run(self) -> list[Outcome]:
        started = time.monotonic()
        local = threading.local()

        def send(index: int) -> None:
            if self.rate:
                delay = started + index / self.rate - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            client = getattr(local, "client", None)
            if client is None:
                client = local.client = httpx.Client(timeout=self.timeout_s)
            outcome = register_once(client, self.url, self.headers, index)
            with self._lock:
                self.outcomes.append(outcome)

        with ThreadPoolExecutor(self.workers, thread_name_prefix="client") as pool:
            list(pool.map(send, range(self.total)))
        return self.outcomes


def register_once(client: httpx.Client, url: str, headers: dict[str, str], index: int) -> Outcome:
    body = {**PROJECT, "name": f"故障测试项目{index}-{uuid.uuid4().hex[:8]}"}
    sent = time.monotonic()
    try:
        response = client.post(url + "/v1/projects", json=body, headers=headers)
    except httpx.HTTPError as exc:
        return Outcome(sent, time.monotonic(), None, None, type(exc).__name__)
    project_id = str(response.json()["id"]) if response.status_code == 201 else None
    detail = "" if response.status_code == 201 else response.text[:200]
    return Outcome(sent, time.monotonic(), response.status_code, project_id, detail)


def accepted_ids(outcomes: list[Outcome]) -> list[str]:
    return [o.project_id for o in outcomes if o.accepted and o.project_id]


def status_counts(outcomes: list[Outcome]) -> Counter[str]:
    return Counter(str(o.status) if o.status is not None else "no-answer" for o in outcomes)


def stream_counts(nats_url: str) -> Counter[str]:
    """How many times each project id appears as ProjectRegistered on KPD_REGISTRY."""
    counts: Counter[str] = Counter()
    for _, _, data in asyncio.run(read_stream(nats_url, REGISTRY_STREAM)):
        event = json.loads(data)
        if event.get("type") == REGISTERED:
            counts[str(event["data"]["project_id"])] += 1
    return counts


def audit_events(url: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Every stored event of a service, in log order, through its audit API."""
    events: list[dict[str, Any]] = []
    after = 0
    with httpx.Client(timeout=30) as client:
        while True:
            page = client.get(
                url + "/v1/audit/events", params={"after": after, "limit": 1000}, headers=headers
            )
            page.raise_for_status()
            body = page.json()
            events += body["events"]
            if not body["events"]:
                return events
            after = body["next_after"]


def business_events(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The log without the audit machinery's own events: checkpoints a service signs
    (also when it stops gracefully) and the copies it keeps of the others'."""
    return [e for e in events if "Checkpoint" not in e["topic"]]


def learned_counts(suite: Suite) -> Counter[str]:
    """How many KnownProject.Learned events issues stored per project id."""
    events = audit_events(suite.services["issues"].url, suite.headers("auditor"))
    return Counter(
        str(e["state"]["project_id"])
        for e in events
        if str(e["topic"]).endswith(LEARNED_TOPIC_SUFFIX)
    )


async def _pending_per_consumer(nats_url: str, stream: str) -> dict[str, int]:
    nc = await nats.connect(nats_url, allow_reconnect=False, connect_timeout=2)
    try:
        js = nc.jetstream(timeout=3)
        infos = await js.consumers_info(stream)
        return {str(i.name): (i.num_pending or 0) + (i.num_ack_pending or 0) for i in infos}
    finally:
        await nc.close()


def pending_per_consumer(nats_url: str, stream: str = REGISTRY_STREAM) -> dict[str, int]:
    """Messages each durable consumer of ``stream`` has not yet acknowledged."""
    return asyncio.run(_pending_per_consumer(nats_url, stream))
