"""Log followers take this process's new events from memory, and the rest from the log.

A projection runner on one replica must apply every event of the log exactly
once and in order, whether the event was stored by its own process (memory) or
by another replica (the log), interleaved either way; on SQLite and PostgreSQL.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.persistence import Notification, Recording
from sqlalchemy.orm import Session

from servicekit.dev.testing import local_settings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.recent import RecentRecordings
from servicekit.eventstore.store import KpdApplication, create_store_tables
from servicekit.readside.readmodel import ProjectionRunner, create_read_engine, create_read_tables


class Counter(Aggregate):
    @event("Started")
    def __init__(self, key: str) -> None:
        self.key = key

    @event("Counted")
    def count(self, note: str) -> None:
        self.note = note


class Counters(KpdApplication):
    name = "issues"


class Seen:
    """A projection that only remembers what it was handed."""

    name = "seen"

    def __init__(self) -> None:
        self.ids: list[int] = []
        self.notes: list[str] = []

    def apply(self, session: Session, domain_event: Any, notification: Notification) -> None:
        self.ids.append(notification.id)
        if isinstance(domain_event, Counter.Counted):
            self.notes.append(domain_event.note)


def recording(position: int) -> Recording[uuid.UUID]:
    notification = Notification(
        id=position, originator_id=uuid.uuid4(), originator_version=1, topic="t", state=b"{}"
    )
    return Recording(domain_event=object(), notification=notification)


def test_a_run_is_taken_only_from_right_after_the_position() -> None:
    recent = RecentRecordings(capacity=4)
    recent.add([recording(3), recording(4)])
    recent.add([recording(6)])  # 5 is elsewhere (another replica, a gap)
    assert [n.id for _, n in recent.after(2, 10)] == [3, 4]
    assert [n.id for _, n in recent.after(3, 1)] == [4]
    assert recent.after(4, 10) == []
    assert recent.after(0, 10) == []
    recent.add([recording(7), recording(8)])  # over capacity: 3 goes first
    assert recent.after(2, 10) == []
    assert [n.id for _, n in recent.after(5, 10)] == [6, 7, 8]


@pytest.fixture
def replicas(tmp_path: Path, database_url: str) -> Any:
    settings = local_settings("issues", tmp_path, database_url)
    create_store_tables(settings, Counters)
    engine = create_read_engine(settings)
    create_read_tables(engine)
    first, second = Counters(env=build_env(settings)), Counters(env=build_env(settings))
    yield first, second, engine
    first.close()
    second.close()
    engine.dispose()


def test_own_events_are_applied_without_reading_or_decoding_the_log(
    replicas: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _, engine = replicas
    counter = Counter("a")
    for n in range(5):
        counter.count(f"n{n}")
    first.save(counter)
    decoded: list[object] = []
    original = first.mapper.to_domain_event
    monkeypatch.setattr(first.mapper, "to_domain_event", lambda n: decoded.append(n) or original(n))
    seen = Seen()
    ProjectionRunner(first, engine, seen).catch_up()
    assert seen.notes == [f"n{n}" for n in range(5)]
    assert decoded == []


def test_every_event_once_in_order_when_replicas_interleave(replicas: Any) -> None:
    first, second, engine = replicas
    seen = Seen()
    runner = ProjectionRunner(first, engine, seen)
    mine, theirs = Counter("mine"), Counter("theirs")
    mine.count("m1")
    first.save(mine)
    theirs.count("t1")
    second.save(theirs)
    mine.count("m2")
    first.save(mine)
    runner.catch_up()
    theirs.count("t2")
    second.save(theirs)
    mine.count("m3")
    first.save(mine)
    runner.catch_up()
    logged = [n.id for n in first.recorder.select_notifications(start=1, limit=100)]
    assert seen.ids == logged
    assert seen.notes == ["m1", "t1", "m2", "t2", "m3"]
