"""Read-your-writes over HTTP on both stores: a command answers ``KPD-Position``; a read
with ``KPD-Min-Position`` shows the change at once, or answers 503 when the read models
cannot get there in time; a bad header is refused."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from registry.main import create_app, migrate
from servicekit.dev.testing import local_settings, token_for
from tests.support import PROJECT

WAIT_S = 0.4


@pytest.fixture
def client(tmp_path: Path, database_url: str) -> Iterator[TestClient]:
    settings = local_settings("registry", tmp_path / "var", database_url, consistency_wait_s=WAIT_S)
    migrate(settings)
    with TestClient(create_app(settings)) as test_client:
        test_client.headers["Authorization"] = (
            f"Bearer {token_for(settings.dev_key_path, 'office')}"
        )
        yield test_client


def _position(answer: object) -> int:
    headers = answer.headers  # type: ignore[attr-defined]
    assert "kpd-position" in headers, dict(headers)
    return int(headers["kpd-position"])


def test_the_list_after_a_command_shows_it_without_polling(client: TestClient) -> None:
    made_ids: list[str] = []
    for n in range(5):
        made = client.post("/v1/projects", json={**PROJECT, "name": f"一致性项目{n}"})
        assert made.status_code == 201, made.text
        made_ids.append(made.json()["id"])
        listed = client.get("/v1/projects", headers={"KPD-Min-Position": str(_position(made))})
        assert listed.status_code == 200, listed.text
        assert sorted(p["id"] for p in listed.json()) == sorted(made_ids)


def test_positions_grow_with_each_command_and_failures_carry_none(client: TestClient) -> None:
    first = _position(client.post("/v1/projects", json={**PROJECT, "name": "甲"}))
    second = _position(client.post("/v1/projects", json={**PROJECT, "name": "乙"}))
    assert second > first >= 1
    refused = client.post("/v1/projects", json={**PROJECT, "annual_planned_investment": "-1"})
    assert refused.status_code == 422
    assert "kpd-position" not in refused.headers
    assert "kpd-position" not in client.get("/v1/projects").headers


def test_a_position_the_read_models_never_reach_is_503_after_the_wait(
    client: TestClient,
) -> None:
    made = client.post("/v1/projects", json={**PROJECT, "name": "丙"})
    ahead = _position(made) + 1000
    started = time.monotonic()
    answer = client.get("/v1/projects", headers={"KPD-Min-Position": str(ahead)})
    waited = time.monotonic() - started
    assert answer.status_code == 503, answer.text
    assert answer.headers["retry-after"] == "1"
    assert answer.headers["content-type"] == "application/problem+json"
    assert str(ahead) in answer.json()["detail"]
    assert waited >= WAIT_S


@pytest.mark.parametrize("value", ["abc", "-3", "1.5", "9" * 30])
def test_a_bad_min_position_is_refused(client: TestClient, value: str) -> None:
    answer = client.get("/v1/projects", headers={"KPD-Min-Position": value})
    assert answer.status_code == 400, answer.text
    assert answer.json()["type"].endswith("bad-min-position")
