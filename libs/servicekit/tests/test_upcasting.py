"""Schema evolution: events stored by an old class version replay through ``upcast_v1_v2``.

The example: a meter whose ``Installed`` event gained a ``unit`` field and whose
``Read`` event renamed ``value`` (a string) to ``reading`` (a Decimal). Events
written by the old code stay in the store as they were; ``eventsourcing``'s
mapper upcasts them each time they are read (``Mapper.to_domain_event``). The
hash chain covers the *stored* state, so verification is untouched by upcasting
— and still catches a changed byte in an old event.
"""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import clear_topic_cache, register_topic

from servicekit.audit.chain import canonical_event, recompute, seal, split_state
from servicekit.audit.checkpoint import CheckpointSigner
from servicekit.audit.verify import iter_log, verify_log
from servicekit.dev.testing import local_settings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import KpdApplication, create_store_tables
from servicekit.runtime.audit_worker import CheckpointWorker


class Meter(Aggregate):
    """The current code: both events at class version 2."""

    class Installed(Aggregate.Created):
        class_version = 2
        site: str
        unit: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["unit"] = "千瓦时"  # every meter installed before units existed read kWh

    @event(Installed)
    def __init__(self, site: str, unit: str) -> None:
        self.site = site
        self.unit = unit
        self.readings: list[Decimal] = []

    class Read(Aggregate.Event):
        class_version = 2
        reading: Decimal

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["reading"] = Decimal(state.pop("value"))

    @event(Read)
    def read(self, reading: Decimal) -> None:
        self.readings.append(reading)


class MeterAsReleasedInV1(Aggregate):
    """The code as it was when the old events were stored (same topics as ``Meter``)."""

    TOPIC = f"{__name__}:Meter"

    class Created(Aggregate.Created):
        TOPIC = f"{__name__}:Meter.Created"

    class Installed(Aggregate.Created):
        TOPIC = f"{__name__}:Meter.Installed"
        site: str

    @event(Installed)
    def __init__(self, site: str) -> None:
        self.site = site

    class Read(Aggregate.Event):
        TOPIC = f"{__name__}:Meter.Read"
        value: str

    @event(Read)
    def read(self, value: str) -> None:
        self.value = value


class Meters(KpdApplication):
    name = "registry"


@pytest.fixture
def old_store(tmp_path: Path) -> tuple[Meters, Path, Any]:
    """A store holding three events written by the v1 code."""
    settings = local_settings("registry", tmp_path)
    create_store_tables(settings, Meters)
    app = Meters(env=build_env(settings))
    # The old code, as a process running it saw its topics (explicit topics, as for renames).
    clear_topic_cache()
    old = MeterAsReleasedInV1
    for old_class in (old, old.Created, old.Installed, old.Read):
        register_topic(old_class.TOPIC, old_class)
    meter = MeterAsReleasedInV1("一号泵站")
    meter.read("12.5")
    meter.read("13.75")
    app.save(meter)
    clear_topic_cache()  # from here on, the topics resolve to today's classes
    return app, settings.event_store_path, meter.id


def test_old_events_replay_through_the_upcasters(old_store: tuple[Meters, Path, Any]) -> None:
    app, _, meter_id = old_store
    stored = list(iter_log(app.recorder))
    assert all("class_version" not in json.loads(n.state) for n in stored)
    meter: Meter = app.repository.get(meter_id)
    assert isinstance(meter, Meter)
    assert meter.unit == "千瓦时"
    assert meter.readings == [Decimal("12.5"), Decimal("13.75")]
    read = app.mapper.to_domain_event(stored[1])
    assert isinstance(read, Meter.Read)
    assert read.reading == Decimal("12.5")


def test_upcast_history_still_verifies_because_the_chain_covers_the_stored_state(
    old_store: tuple[Meters, Path, Any],
) -> None:
    app, _, meter_id = old_store
    assert verify_log(app.recorder, "registry").ok
    old_read = list(iter_log(app.recorder))[1]
    stored_seal, again = recompute(str(old_read.originator_id), 2, old_read.topic, old_read.state)
    assert stored_seal is not None
    assert stored_seal.hash == again.hash
    upcast_state, _ = split_state(old_read.state)
    Meter.Read.upcast_v1_v2(upcast_state)
    upcast_state["reading"] = str(upcast_state["reading"])
    upcast_seal = seal(
        stored_seal.prev, canonical_event(str(meter_id), 2, old_read.topic, upcast_state)
    )
    assert upcast_seal.hash != stored_seal.hash, "hashing the upcast form would break the chain"


def test_new_events_continue_the_old_chain_and_are_checkpointed(
    old_store: tuple[Meters, Path, Any], tmp_path: Path
) -> None:
    app, _, meter_id = old_store
    meter: Meter = app.repository.get(meter_id)
    meter.read(Decimal("14.0"))
    app.save(meter)
    signer = CheckpointSigner(tmp_path / "keys" / "checkpoint.pem")
    assert CheckpointWorker(app, "registry", signer, 1, 1).sign_if_due() is not None
    log = list(iter_log(app.recorder))
    newest = json.loads(log[3].state)
    assert newest["class_version"] == 2
    assert newest["__chain__"]["prev"] == json.loads(log[2].state)["__chain__"]["hash"]
    report = verify_log(app.recorder, "registry", trusted_key_ids={signer.key_id})
    assert report.ok, report.problems
    assert (report.events_checked, report.checkpoints_checked) == (5, 1)
    assert app.repository.get(meter_id).readings[-1] == Decimal("14.0")


def test_a_changed_byte_in_an_old_event_is_still_caught(
    old_store: tuple[Meters, Path, Any],
) -> None:
    app, db, _ = old_store
    with sqlite3.connect(db) as conn:
        position, state = conn.execute(
            "SELECT rowid, state FROM stored_events ORDER BY rowid LIMIT 1 OFFSET 2"
        ).fetchone()
        conn.execute(
            "UPDATE stored_events SET state=? WHERE rowid=?",
            (state.replace(b"13.75", b"03.75"), position),
        )
    report = verify_log(app.recorder, "registry")
    assert not report.ok
    assert report.first_bad is not None
    assert report.first_bad["position"] == position
    assert "altered" in report.first_bad["reason"]
