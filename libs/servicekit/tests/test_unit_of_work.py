"""A consumer's fetched batch stored in one transaction, on SQLite and PostgreSQL.

The unit of work must give the same stored history as applying the messages one
by one: events in message order, each with its own message's cause, a later
handler seeing what an earlier one did to the same aggregate, and the last
position. A failed commit stores nothing; a failing handler ends the batch there.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Tracking

from contracts.envelope import CloudEvent
from servicekit.core.context import current_context
from servicekit.core.metrics import ServiceMetrics
from servicekit.dev.testing import local_settings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.mapper import event_meta
from servicekit.eventstore.store import KpdApplication, create_store_tables
from servicekit.eventstore.unit_of_work import collecting
from servicekit.messaging.consumer import ConsumerRunner, Incoming

STREAM = "KPD_REGISTRY"
SUBJECT = "kpd.registry.ProjectRegistered.v1"


class Tally(Aggregate):
    """Counts the messages that named it; created by the first."""

    class Started(Aggregate.Created):
        key: str

    @event(Started)
    def __init__(self, key: str) -> None:
        self.key = key
        self.seen: list[str] = []

    @staticmethod
    def create_id(key: str) -> uuid.UUID:
        return uuid.uuid5(uuid.NAMESPACE_URL, f"tally/{key}")

    class Counted(Aggregate.Event):
        note: str

    @event(Counted)
    def count(self, note: str) -> None:
        self.seen.append(note)


class Tallies(KpdApplication):
    name = "issues"

    def tally(self, key: str) -> Tally:
        try:
            found: Tally = self.repository.get(Tally.create_id(key))
        except Exception:  # AggregateNotFoundError: the first message creates it
            return Tally(key)
        return found


@pytest.fixture
def app(tmp_path: Path, database_url: str) -> Any:
    settings = local_settings("issues", tmp_path, database_url)
    create_store_tables(settings, Tallies)
    application = Tallies(env=build_env(settings))
    yield application
    application.close()


def incoming(seq: int, key: str, note: str) -> Incoming:
    cloud = CloudEvent.model_validate(
        {
            "id": f"evt-{seq}",
            "source": "/kpd/registry",
            "type": SUBJECT,
            "time": "2026-11-25T00:00:00Z",
            "subject": key,
            "dataschema": "urn:kpd:schema:registry:ProjectRegistered:v1",
            "actor": "test",
            "actorrole": "office",
            "correlationid": f"corr-{seq}",
            "command": "register_project",
            "sequence": seq,
            "aggregateversion": 1,
            "data": {"key": key, "note": note},
        }
    )
    return Incoming(event=cloud, payload=None, tracking=Tracking(STREAM, seq))  # type: ignore[arg-type]


def runner(app: Tallies, fail_on: str | None = None) -> ConsumerRunner:
    def on_message(message: Incoming) -> None:
        data = message.event.data
        if data["note"] == fail_on:
            raise RuntimeError("refused by the test")
        tally = app.tally(data["key"])
        tally.count(data["note"])
        assert current_context().correlationid == message.event.correlationid
        app.save_tracked(message.tracking, tally)

    return ConsumerRunner(
        consumer="issues",
        producer="registry",
        handlers={SUBJECT: on_message},
        app=app,
        js=None,  # type: ignore[arg-type]  # _apply_in_order never touches the bus
        metrics=ServiceMetrics("issues"),
    )


def stored(app: Tallies) -> list[Any]:
    return list(app.recorder.select_notifications(start=1, limit=100))


def test_a_batch_is_one_commit_in_message_order_with_each_message_cause(app: Tallies) -> None:
    batch = [incoming(1, "a", "一"), incoming(2, "b", "二"), incoming(3, "a", "三")]
    assert runner(app)._apply_in_order(batch) == 3

    tally: Tally = app.repository.get(Tally.create_id("a"))
    assert tally.seen == ["一", "三"]  # the third message saw the first's unsaved tally
    assert app.position(STREAM) == 3
    rows = stored(app)
    assert [(r.originator_id, r.originator_version) for r in rows] == [
        (Tally.create_id("a"), 1),
        (Tally.create_id("a"), 2),
        (Tally.create_id("b"), 1),
        (Tally.create_id("b"), 2),
        (Tally.create_id("a"), 3),
    ]
    causes = [event_meta(e)["correlationid"] for e in app.events.get(Tally.create_id("a"))]
    assert causes == ["corr-1", "corr-1", "corr-3"]
    # One transaction: the notification ids of the batch are contiguous and were
    # written together with the last position (checked: position 3 above).
    assert [r.id for r in rows] == list(range(rows[0].id, rows[0].id + 5))


def test_a_failing_handler_ends_the_batch_and_the_prefix_is_stored(app: Tallies) -> None:
    batch = [incoming(1, "a", "一"), incoming(2, "a", "坏"), incoming(3, "a", "三")]
    assert runner(app, fail_on="坏")._apply_in_order(batch) == 1
    assert app.repository.get(Tally.create_id("a")).seen == ["一"]
    assert app.position(STREAM) == 1


def test_a_failed_commit_stores_nothing_and_hands_every_message_back(app: Tallies) -> None:
    # Another writer stored version 1 of tally "a" first: the batch's commit conflicts.
    app.save(Tally("a"))
    consumer = runner(app)
    with collecting():
        pass  # an empty unit stores nothing and changes nothing
    before = stored(app)
    tally_b = app.tally("b")

    def racing(message: Incoming) -> None:
        tally = Tally("a") if message.event.data["key"] == "a" else tally_b
        tally.count(message.event.data["note"])
        app.save_tracked(message.tracking, tally)

    consumer.handlers[SUBJECT] = racing
    assert consumer._apply_in_order([incoming(1, "b", "一"), incoming(2, "a", "二")]) == 0
    assert stored(app) == before
    assert app.position(STREAM) == 0


def test_redeliveries_in_a_batch_are_skipped(app: Tallies) -> None:
    consumer = runner(app)
    assert consumer._apply_in_order([incoming(1, "a", "一"), incoming(2, "a", "二")]) == 2
    assert consumer._apply_in_order([incoming(2, "a", "二"), incoming(3, "a", "三")]) == 2
    assert app.repository.get(Tally.create_id("a")).seen == ["一", "二", "三"]
    assert app.position(STREAM) == 3
