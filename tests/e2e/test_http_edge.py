"""The shared HTTP edge on a real service (registry, in process): idempotency, If-Match, errors."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from registry.main import create_app, migrate
from servicekit.dev.testing import local_settings, token_for
from tests.support import PROJECT


@pytest.fixture
def client(tmp_path: Path, database_url: str) -> Iterator[tuple[TestClient, dict[str, str]]]:
    settings = local_settings("registry", tmp_path / "var", database_url)
    migrate(settings)
    with TestClient(create_app(settings)) as test_client:
        token = token_for(settings.dev_key_path, "office")
        yield test_client, {"Authorization": f"Bearer {token}"}


def _registered_count(test_client: TestClient) -> int:
    app = test_client.app.state.runtime.app  # type: ignore[attr-defined]
    return sum(
        1
        for n in app.recorder.select_notifications(0, 10_000)
        if n.topic.endswith("Project.Registered")
    )


def test_same_idempotency_key_and_body_replays_the_first_answer(
    client: tuple[TestClient, dict[str, str]],
) -> None:
    test_client, auth = client
    headers = {**auth, "Idempotency-Key": "register-001"}
    first = test_client.post("/v1/projects", json=PROJECT, headers=headers)
    second = test_client.post("/v1/projects", json=PROJECT, headers=headers)
    assert first.status_code == 201, first.text
    assert second.status_code == 201
    assert second.json()["id"] == first.json()["id"]
    assert second.headers["idempotent-replayed"] == "true"
    assert _registered_count(test_client) == 1


def test_same_idempotency_key_with_another_body_is_refused(
    client: tuple[TestClient, dict[str, str]],
) -> None:
    test_client, auth = client
    headers = {**auth, "Idempotency-Key": "register-002"}
    assert test_client.post("/v1/projects", json=PROJECT, headers=headers).status_code == 201
    other = test_client.post(
        "/v1/projects", json={**PROJECT, "name": "另一个项目"}, headers=headers
    )
    assert other.status_code == 422
    assert other.headers["content-type"].startswith("application/problem+json")
    assert other.json()["errors"][0]["field"] == "header.Idempotency-Key"
    assert _registered_count(test_client) == 1


def test_commands_are_accepted_without_nats(client: tuple[TestClient, dict[str, str]]) -> None:
    test_client, auth = client
    response = test_client.post("/v1/projects", json=PROJECT, headers=auth)
    assert response.status_code == 201
    ready = test_client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["checks"]["nats"] is False
    assert ready.json()["checks"]["store"] is True


def test_bad_input_is_problem_json_naming_the_field(
    client: tuple[TestClient, dict[str, str]],
) -> None:
    test_client, auth = client
    cases = {
        "total_investment": {**PROJECT, "total_investment": "-1"},
        "county": {**PROJECT, "county": "atlantis"},
        "surprise": {**PROJECT, "surprise": 1},
        "planned_start": {**PROJECT, "planned_start": "2026-02-30"},
        "name": {**PROJECT, "name": ""},
    }
    for field, body in cases.items():
        response = test_client.post("/v1/projects", json=body, headers=auth)
        assert response.status_code == 422, (field, response.text)
        assert response.headers["content-type"].startswith("application/problem+json")
        fields = [e["field"] for e in response.json()["errors"]]
        assert any(field in f for f in fields), (field, fields)
    assert test_client.post("/v1/projects", json=[1, 2], headers=auth).status_code == 422
    # 1e309 is not a number JSON can carry: parsed as infinity, it must be refused, not stored.
    raw = json.dumps(PROJECT).replace('"12000.0000"', "1e309")
    huge = test_client.post(
        "/v1/projects", content=raw, headers={**auth, "Content-Type": "application/json"}
    )
    assert huge.status_code == 422, huge.text
    assert any("total_investment" in e["field"] for e in huge.json()["errors"])
    unknown = test_client.get(f"/v1/projects/{uuid.uuid4()}", headers=auth)
    assert unknown.status_code == 404
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert test_client.post("/v1/projects", json=PROJECT).status_code == 401
