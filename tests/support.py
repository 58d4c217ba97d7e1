"""The suite harness: start services as real processes against one nats-server and store."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import nats

from contracts.envelope import CloudEvent
from servicekit.dev.natsserver import NatsServerProcess
from servicekit.dev.testing import ServiceProcess, token_for

PROJECT: dict[str, Any] = {
    "name": "临汾市尧都区综合管廊工程",
    "county": "yaodu",
    "sector": "transport",
    "level": "city",
    "year": 2026,
    "project_unit": "unit-yaodu-001",
    "total_investment": "12000.0000",
    "annual_planned_investment": "1200.0000",
    "planned_start": "2026-03-01",
    "planned_completion": "2027-12-31",
    "is_new": True,
    "is_industrial": False,
}


class Suite:
    def __init__(self, root: Path, nats_server: NatsServerProcess, database_url: str) -> None:
        self.root = root
        self.nats = nats_server
        self.database_url = database_url
        self.var_dir = root / "var"
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.key_path = self.var_dir / "keys" / "dev-jwt-ed25519.pem"
        self.services: dict[str, ServiceProcess] = {}

    def env(self) -> dict[str, str]:
        return {
            "KPD_VAR_DIR": str(self.var_dir),
            "KPD_NATS_URL": self.nats.url,
            "KPD_DATABASE_URL": self.database_url,
            "KPD_JWT_DEV_KEY": str(self.key_path),
            "KPD_CONSUMER_ACK_WAIT_S": "2",
            "KPD_RELAY_ACK_TIMEOUT_S": "2",
            "KPD_LOG_LEVEL": "INFO",
            # The machine's PostgreSQL allows 100 connections for everything: the session's
            # workbench stack (six processes) and a test's suite (up to six more) must fit.
            "KPD_POSTGRES_POOL_SIZE": "2",
        }

    def service(self, name: str) -> ServiceProcess:
        if name not in self.services:
            proc = ServiceProcess(name, self.env(), self.root)
            proc.migrate()
            self.services[name] = proc
        return self.services[name]

    def start(self, name: str, failpoints: str = "", wait_ready: bool = True) -> ServiceProcess:
        proc = self.service(name)
        proc.start({"KPD_FAILPOINTS": failpoints}, wait_ready=wait_ready)
        return proc

    def stop_all(self) -> None:
        for proc in self.services.values():
            proc.stop()

    def headers(self, role: str = "office", unit: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(self.key_path, role, unit)}"}

    def register_project(self, **overrides: Any) -> str:
        body = {**PROJECT, **overrides}
        response = httpx.post(
            self.services["registry"].url + "/v1/projects",
            json=body,
            headers=self.headers(),
            timeout=10,
        )
        assert response.status_code == 201, response.text
        return str(response.json()["id"])

    def stream_events(self, stream: str) -> list[tuple[int, dict[str, str], bytes]]:
        return asyncio.run(read_stream(self.nats.url, stream))

    def cloud_events(self, stream: str) -> list[CloudEvent]:
        return [CloudEvent.model_validate_json(data) for _, _, data in self.stream_events(stream)]


async def read_stream(url: str, stream: str) -> list[tuple[int, dict[str, str], bytes]]:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        info = await js.stream_info(stream)
        out = []
        for seq in range(info.state.first_seq, info.state.last_seq + 1):
            msg = await js.get_msg(stream, seq)
            out.append((seq, dict(msg.headers or {}), msg.data or b""))
        return out
    finally:
        await nc.close()


def wait_for(
    predicate: Callable[[], bool], timeout: float = 20.0, what: str = "condition"
) -> float:
    """Poll until true; returns the seconds it took."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if predicate():
            return time.monotonic() - started
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


def metric_value(url: str, name: str, **labels: str) -> float:
    text = httpx.get(url + "/metrics", timeout=5).text
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name):
            continue
        head, _, value = line.rpartition(" ")
        if head.split("{")[0] != name:
            continue
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            total += float(value)
    return total
