"""Each service answers ``GET /asyncapi.json``: its own channels, send and receive, self-contained.

A service runs in process (TestClient, SQLite under tmp, no NATS), as in
``tests/security``. What it receives is compared with the consumer handler tables
its runtime was really built with, and with one subscription per service that a
reader would expect (so an empty table cannot pass); every ``$ref`` must resolve
inside the document, since a browser cannot fetch ``./schemas/…`` from a service.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from contracts.assessment import NoticePublished
from contracts.asyncapi import message_id
from contracts.catalog import CATALOG
from contracts.service_asyncapi import build_service_asyncapi
from servicekit.dev.testing import local_settings
from tests.problem_support import running

# service → one subject it consumes because of its own policies.
EXPECTED_RECEIVE = {
    "registry": "kpd.issues.IssueRaised.v1",
    "issues": "kpd.scheduling.DecisionAssigned.v1",
    "scheduling": "kpd.assessment.CountyInterviewRequired.v1",
    "assessment": "kpd.registry.ProgressReported.v1",
    "notify": "kpd.issues.IssueEscalated.v1",
}
# What every service keeps from others: access changes (revocations), checkpoints.
KEPT_BY_ALL = {"kpd.workbench.AccountDisabled.v1", "kpd.workbench.CheckpointSigned.v1"}


def refs(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/"), f"not a reference inside the document: {ref}"
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


def operations_by_action(document: dict[str, Any], action: str) -> set[str]:
    return {
        operation["channel"]["$ref"].removeprefix("#/channels/")
        for operation in document["operations"].values()
        if operation["action"] == action
    }


@pytest.mark.parametrize("service", sorted(EXPECTED_RECEIVE))
def test_service_serves_its_own_asyncapi(service: str, tmp_path: Path) -> None:
    with running(service, tmp_path) as api:
        answer = api.client.get("/asyncapi.json")
        handlers = api.client.app.state.runtime.parts.handlers  # type: ignore[attr-defined]
        listed = api.client.get("/openapi.json").json()["paths"]
    assert answer.status_code == 200, answer.text
    document = answer.json()
    assert document["asyncapi"] == "3.0.0"
    assert "/asyncapi.json" in listed

    sent = operations_by_action(document, "send")
    assert sent == {subject for subject, m in CATALOG.items() if m.producer == service}
    received = operations_by_action(document, "receive")
    assert received == {subject for table in handlers.values() for subject in table}
    assert {EXPECTED_RECEIVE[service], *KEPT_BY_ALL} <= received
    assert set(document["channels"]) == sent | received

    for ref in set(refs(document)):
        resolve(document, ref)  # KeyError names a reference that does not resolve
    for subject in sent | received:
        model = CATALOG[subject]
        message = document["components"]["messages"][message_id(model)]
        envelope, narrowed = message["payload"]["schema"]["allOf"]
        assert "specversion" in resolve(document, envelope["$ref"])["properties"]
        assert narrowed["properties"]["type"] == {"const": subject}
        data = resolve(document, narrowed["properties"]["data"]["$ref"])
        assert set(data["properties"]) == set(model.model_fields)
        assert data["description"].startswith(message["summary"])


def test_nested_definitions_are_moved_with_their_schema() -> None:
    document = build_service_asyncapi(
        "assessment", published=[NoticePublished], consumed=[], version="0"
    )
    schema = document["components"]["schemas"][message_id(NoticePublished)]
    assert "$id" not in schema
    assert "$schema" not in schema
    row_ref = schema["properties"]["rows"]["items"]["$ref"]
    assert row_ref == "#/components/schemas/assessment.NoticePublished.v1/$defs/NoticeRow"
    assert "county" in resolve(document, row_ref)["properties"]
    assert operations_by_action(document, "receive") == set()


def test_before_the_runtime_starts_it_answers_503_with_retry_after(tmp_path: Path) -> None:
    module = __import__("registry.main", fromlist=["create_app"])
    app = module.create_app(local_settings("registry", tmp_path))
    answer = TestClient(app).get("/asyncapi.json")  # no lifespan: no runtime, no consumers
    assert answer.status_code == 503
    assert answer.headers["content-type"] == "application/problem+json"
    assert int(answer.headers["retry-after"]) > 0
