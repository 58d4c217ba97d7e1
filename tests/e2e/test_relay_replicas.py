"""Two replicas on one PostgreSQL store: one relay publishes, the stream stays exact."""

from __future__ import annotations

import httpx
import pytest

from servicekit.dev.testing import ServiceProcess
from tests.support import PROJECT, Suite, metric_value, wait_for


def test_two_replicas_share_one_active_relay(suite: Suite, backend: str) -> None:
    if backend != "postgres":
        pytest.skip("replicas share a store only on PostgreSQL")
    first = suite.start("registry")
    second = ServiceProcess("registry", suite.env(), suite.root)
    second.start()
    try:
        ids = []
        for n in range(20):
            target = first if n % 2 else second
            response = httpx.post(
                target.url + "/v1/projects",
                json={**PROJECT, "name": f"副本项目{n}"},
                headers=suite.headers(),
                timeout=10,
            )
            assert response.status_code == 201, response.text
            ids.append(response.json()["id"])

        def published() -> list[str]:
            return [
                str(e.data["project_id"])
                for e in suite.cloud_events("KPD_REGISTRY")
                if e.type.endswith("ProjectRegistered.v1")
            ]

        wait_for(lambda: set(ids) <= set(published()), what="all projects on the stream")
        on_stream = published()
        assert sorted(on_stream) == sorted(ids)  # each exactly once
        counts = [metric_value(p.url, "kpd_relay_published_total") for p in (first, second)]
        assert min(counts) == 0, counts  # the standby relay published nothing
    finally:
        second.stop()
