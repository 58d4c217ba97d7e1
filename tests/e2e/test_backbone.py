"""The event backbone, proved on real processes, on SQLite and on PostgreSQL.

A command becomes a stored event, crosses JetStream as a CloudEvent carrying its
actor, and is applied by another service exactly once in effect — also when the
relay or the consumer dies at the worst moment, when a malformed message sits in
the stream, and when nats-server is away while commands keep coming.
"""

from __future__ import annotations

import asyncio
import json
import uuid

import httpx
import nats
import pytest

from contracts.registry import ProjectRegistered
from tests.support import Suite, metric_value, wait_for

SUBJECT = ProjectRegistered.type_name()


def known(suite: Suite, project_id: str) -> bool:
    response = httpx.get(
        suite.services["issues"].url + f"/v1/known-projects/{project_id}",
        headers=suite.headers("office"),
        timeout=5,
    )
    return response.status_code == 200


def registered_ids(suite: Suite) -> list[str]:
    return [
        str(e.data["project_id"]) for e in suite.cloud_events("KPD_REGISTRY") if e.type == SUBJECT
    ]


def test_command_becomes_cloud_event_applied_by_another_service(suite: Suite) -> None:
    suite.start("registry")
    suite.start("issues")
    project_id = suite.register_project()

    wait_for(lambda: project_id in registered_ids(suite), what="ProjectRegistered on KPD_REGISTRY")
    event = next(
        e for e in suite.cloud_events("KPD_REGISTRY") if e.data.get("project_id") == project_id
    )
    assert event.type == "kpd.registry.ProjectRegistered.v1"
    assert event.actor == "test-office"
    assert event.actorrole == "office"
    assert event.command == "register_project"
    assert event.data["total_investment"] == "12000.0000"
    wait_for(lambda: known(suite, project_id), what="issues to apply ProjectRegistered")


def test_relay_killed_after_publish_before_position_republishes_once(suite: Suite) -> None:
    registry = suite.start("registry")
    suite.start("issues")
    first = suite.register_project(name="第一个项目")
    wait_for(lambda: known(suite, first), what="first project applied")
    # Killed, not stopped: a graceful stop signs a last checkpoint, which the next
    # start would publish first — and the failpoint would fire on it, not on ours.
    registry.kill()

    registry.start({"KPD_FAILPOINTS": "relay.after_publish"})
    second = suite.register_project(name="第二个项目")
    assert registry.wait_exit(timeout=30) == -9  # died after the ack, before recording it

    registry.start({"KPD_FAILPOINTS": ""})
    wait_for(lambda: known(suite, second), what="second project applied")
    wait_for(
        lambda: metric_value(registry.url, "kpd_relay_lag_events") == 0, what="relay caught up"
    )
    ids = registered_ids(suite)
    assert ids.count(first) == 1, ids
    assert ids.count(second) == 1, ids


def test_consumer_killed_after_apply_before_ack_skips_redelivery(suite: Suite) -> None:
    suite.start("registry")
    issues = suite.start("issues", failpoints="consumer.after_apply")
    project_id = suite.register_project()
    assert issues.wait_exit(timeout=30) == -9  # applied and committed, never acked

    issues.start({"KPD_FAILPOINTS": ""})
    wait_for(
        lambda: metric_value(issues.url, "kpd_consumer_skipped_total") >= 1,
        what="the redelivered event to be recognised and skipped",
    )
    assert known(suite, project_id)
    assert metric_value(issues.url, "kpd_consumer_applied_total") == 0


async def _publish_raw(url: str, subject: str, payloads: list[bytes]) -> None:
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        for payload in payloads:
            await js.publish(subject, payload, headers={"Nats-Msg-Id": uuid.uuid4().hex})
    finally:
        await nc.close()


def test_malformed_messages_are_dead_lettered_and_the_next_is_applied(suite: Suite) -> None:
    suite.start("registry")
    issues = suite.start("issues")
    valid_envelope_bad_payload = {
        "specversion": "1.0",
        "id": uuid.uuid4().hex,
        "source": "/kpd/registry",
        "type": SUBJECT,
        "subject": "x",
        "time": "2026-01-01T00:00:00Z",
        "dataschema": "urn:x",
        "actor": "a",
        "actorrole": "office",
        "correlationid": "c",
        "command": "register_project",
        "sequence": 1,
        "aggregateversion": 1,
        "data": {"project_id": "p"},
    }
    asyncio.run(
        _publish_raw(
            suite.nats.url, SUBJECT, [b"{not json", json.dumps(valid_envelope_bad_payload).encode()]
        )
    )
    project_id = suite.register_project()
    wait_for(lambda: known(suite, project_id), what="the valid project applied after two bad ones")
    dead = suite.stream_events("KPD_DLQ")
    reasons = [headers["Kpd-Dead-Letter-Reason"] for _, headers, _ in dead]
    assert len(dead) == 2, reasons
    assert reasons[0].startswith("invalid envelope")
    assert reasons[1].startswith("contract violation")
    assert metric_value(issues.url, "kpd_dead_letters_total") == 2


def test_commands_accepted_while_nats_is_down_are_all_published_after(suite: Suite) -> None:
    suite.start("registry")
    suite.start("issues")
    suite.nats.kill()
    accepted = [suite.register_project(name=f"停机期间项目{i}") for i in range(20)]
    suite.nats.start()
    for project_id in accepted:
        wait_for(lambda p=project_id: known(suite, p), timeout=60, what=f"{project_id} applied")
    ids = registered_ids(suite)
    assert sorted(ids) == sorted(accepted)


@pytest.fixture(autouse=True)
def _show_logs_on_failure(request: pytest.FixtureRequest, suite: Suite) -> None:
    """Service logs are in tmp_path; pytest prints tmp_path in failures."""
