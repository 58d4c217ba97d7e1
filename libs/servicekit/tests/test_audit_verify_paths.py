"""``verify_log`` on a real SQLite store through the paths the fast relinking hands back.

An unreadable state, a state stripped of its chain, and events whose states hold
floats (sealed and verified through rfc8785) are each named as before.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from eventsourcing.domain import Aggregate, event

from servicekit.audit.verify import verify_log
from servicekit.dev.testing import local_settings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import KpdApplication, create_store_tables


class Gauge(Aggregate):
    @event("Installed")
    def __init__(self, name: str, reading: float) -> None:
        self.name = name
        self.reading = reading

    @event("Read")
    def read(self, reading: float, note: str) -> None:
        self.reading = reading


class Gauges(KpdApplication):
    name = "registry"


@pytest.fixture
def store(tmp_path: Path) -> tuple[Gauges, Path]:
    settings = local_settings("registry", tmp_path)
    create_store_tables(settings, Gauges)
    app = Gauges(env=build_env(settings))
    for n in range(3):
        gauge = Gauge(f"表{n}", 0.5 + n)
        gauge.read(1.25, "正常 😀")
        gauge.read(2, "复核")
        app.save(gauge)
    return app, settings.event_store_path


def rows(db: Path) -> list[tuple[int, bytes]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT rowid, state FROM stored_events ORDER BY 1").fetchall()


def rewrite(db: Path, position: int, state: bytes) -> None:
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE stored_events SET state=? WHERE rowid=?", (state, position))


def test_floats_and_non_bmp_text_verify(store: tuple[Gauges, Path]) -> None:
    app, _ = store
    report = verify_log(app.recorder, "registry")
    assert report.ok, report.problems
    assert report.events_checked == 9


def test_an_unreadable_state_is_named(store: tuple[Gauges, Path]) -> None:
    app, db = store
    position = rows(db)[4][0]
    rewrite(db, position, b'{"reading":')
    report = verify_log(app.recorder, "registry")
    assert report.first_bad is not None
    assert report.first_bad["position"] == position
    assert report.first_bad["reason"].startswith("stored event unreadable:")
    assert report.events_checked == 8


def test_a_state_without_its_chain_is_named(store: tuple[Gauges, Path]) -> None:
    app, db = store
    position, state = rows(db)[2]
    document = json.loads(state)
    del document["__chain__"]
    rewrite(db, position, json.dumps(document).encode())
    report = verify_log(app.recorder, "registry")
    assert report.first_bad is not None
    assert report.first_bad["position"] == position
    assert report.first_bad["reason"] == "event carries no hash chain"


def test_a_changed_float_is_named(store: tuple[Gauges, Path]) -> None:
    app, db = store
    position, state = rows(db)[1]
    assert b"1.25" in state
    rewrite(db, position, state.replace(b"1.25", b"1.5", 1))
    report = verify_log(app.recorder, "registry")
    assert report.first_bad is not None
    assert report.first_bad["position"] == position
    assert "altered" in report.first_bad["reason"]
