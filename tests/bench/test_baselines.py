"""The benchmark's own baselines measure what they claim (no timings asserted here)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from fastapi.testclient import TestClient

from bench.floor import floor_rates, floor_server
from bench.floor_app import create_app
from bench.httpload import closed_loop, post_request
from bench.loader import BenchApplication, LoadedStore, bulk_load, open_app, store_settings
from bench.replay_probe import replay, replay_in_own_process
from tests.support import PROJECT


def test_floor_endpoint_answers_the_registrys_request_as_the_registry_would() -> None:
    with TestClient(create_app()) as client:
        answer = client.post("/v1/projects", json=PROJECT)
        refused = client.post("/v1/projects", json={**PROJECT, "level": "national"})
    assert answer.status_code == 201
    body = answer.json()
    assert body["name"] == PROJECT["name"]
    assert body["total_investment"] == PROJECT["total_investment"]
    assert body["version"] == 1
    # The same schema's validation runs: the floor is not an endpoint that skips it.
    assert refused.status_code == 422


def test_floor_server_counts_only_created_answers() -> None:
    rates = floor_rates(0.3, token="unused")
    assert set(rates) == {1, 8}
    assert all(rate.count > 0 for rate in rates.values())


def test_closed_loop_counts_a_refusal_as_a_failure_not_a_command() -> None:
    refused = {**PROJECT, "level": "national"}
    with floor_server() as base:
        outcome = asyncio.run(
            closed_loop(
                base,
                lambda i: post_request(base, "/v1/projects", refused, "t"),
                1,
                5,
                limit=3,
            )
        )
    assert outcome.accepted == {}
    assert len(outcome.failures) == 3
    assert outcome.failures[0].startswith("422")


def test_replay_in_a_fresh_process_reads_every_stored_event(tmp_path: Path) -> None:
    settings = store_settings(tmp_path)
    app = open_app(BenchApplication, settings)
    try:
        loaded = bulk_load(app, 500, LoadedStore(), projects_per_save=20)
        in_process, _ = replay(app)
    finally:
        app.close()
    events, seconds = replay_in_own_process(settings)
    assert events == in_process == loaded.events == 500
    assert seconds > 0
