"""Tamper evidence on a real SQLite store: a changed byte, a deleted row, a rewritten store."""

from __future__ import annotations

import json
import sqlite3
import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from eventsourcing.domain import Aggregate, event

from servicekit.audit.chain import GENESIS, canonical_event, seal, split_state
from servicekit.audit.checkpoint import CheckpointRecord, CheckpointSigner
from servicekit.audit.verify import checkpoints_in, verify_log
from servicekit.dev.testing import local_settings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import KpdApplication, create_store_tables
from servicekit.runtime.audit_worker import CheckpointWorker


class Ledger(Aggregate):
    class Opened(Aggregate.Created):
        name: str

    @event(Opened)
    def __init__(self, name: str) -> None:
        self.name = name
        self.entries: list[str] = []

    class Entered(Aggregate.Event):
        text: str

    @event(Entered)
    def enter(self, text: str) -> None:
        self.entries.append(text)


class Ledgers(KpdApplication):
    name = "registry"


@pytest.fixture
def store(tmp_path: Path) -> tuple[Ledgers, Path, CheckpointSigner]:
    settings = local_settings("registry", tmp_path)
    create_store_tables(settings, Ledgers)
    app = Ledgers(env=build_env(settings))
    for n in range(3):
        ledger = Ledger(f"台账{n}")
        for i in range(4):
            ledger.enter(f"第{i}笔")
        app.save(ledger)
    signer = CheckpointSigner(tmp_path / "keys" / "checkpoint.pem")
    worker = CheckpointWorker(app, "registry", signer, every_events=1, interval_s=1)
    assert worker.sign_if_due() is not None
    return app, settings.event_store_path, signer


def _rows(db: Path) -> list[tuple[int, bytes]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT rowid, state FROM stored_events ORDER BY 1").fetchall()


def test_clean_history_verifies(store: tuple[Ledgers, Path, CheckpointSigner]) -> None:
    app, _, signer = store
    report = verify_log(app.recorder, "registry", trusted_key_ids={signer.key_id})
    assert report.ok, report.problems
    assert report.events_checked == 16  # 15 ledger events + the checkpoint
    assert report.checkpoints_checked == 1


def test_one_changed_byte_is_named(store: tuple[Ledgers, Path, CheckpointSigner]) -> None:
    app, db, _ = store
    position, state = _rows(db)[6]
    tampered = state.replace("第".encode(), "弟".encode(), 1)
    assert tampered != state
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE stored_events SET state=? WHERE rowid=?", (tampered, position))
    report = verify_log(app.recorder, "registry")
    assert not report.ok
    assert report.first_bad is not None
    assert report.first_bad["position"] == position
    assert "altered" in report.first_bad["reason"]


def test_a_deleted_row_is_found(store: tuple[Ledgers, Path, CheckpointSigner]) -> None:
    app, db, _ = store
    position = _rows(db)[2][0]
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM stored_events WHERE rowid=?", (position,))
    report = verify_log(app.recorder, "registry")
    assert not report.ok
    assert report.first_bad is not None
    assert report.first_bad["position"] == position
    assert f"positions {position}–{position} missing" in report.first_bad["reason"]
    assert any("an event of this stream is missing" in p for p in report.problems)


def test_a_stream_s_newest_event_deleted_from_the_unsigned_tail_is_found(
    store: tuple[Ledgers, Path, CheckpointSigner],
) -> None:
    """No chain notices a stream's last event gone, no checkpoint covers it yet: only
    the gap it leaves in the log's positions (SQLite takes none for a failed insert)."""
    app, db, _ = store
    first, second = Ledger("台账甲"), Ledger("台账乙")
    first.enter("第一笔")
    app.save(first)
    app.save(second)
    gone = _rows(db)[-2][0]  # 台账甲's newest event; 台账乙's follows it
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM stored_events WHERE rowid=?", (gone,))
    report = verify_log(app.recorder, "registry")
    assert report.problems == [
        f"{gone}: positions {gone}–{gone} missing: events deleted from the log"
    ]


def test_a_rewritten_store_with_recomputed_chains_fails_against_witnessed_checkpoints(
    store: tuple[Ledgers, Path, CheckpointSigner], tmp_path: Path
) -> None:
    app, db, signer = store
    witness = CheckpointSigner(tmp_path / "keys" / "issues.pem")
    witnessed = [  # as the issues service keeps and countersigns them
        replace(c, held_by="issues", **witness.countersign("issues", c))
        for c in checkpoints_in(app.recorder, "registry", kept=False)
    ]
    heads: dict[str, str] = {}
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT rowid, originator_id, originator_version, topic, state "
            "FROM stored_events ORDER BY 1"
        ).fetchall()
        for position, stored_id, version, topic, raw in rows:
            originator = str(uuid.UUID(stored_id))  # the recorder's form of the id
            state, _ = split_state(raw)
            if "Checkpoint" in topic:
                conn.execute("DELETE FROM stored_events WHERE rowid=?", (position,))
                continue
            if "text" in state:
                state["text"] = "篡改"
            prev = heads.get(str(originator), GENESIS)
            new = seal(prev, canonical_event(str(originator), version, topic, state))
            heads[str(originator)] = new.hash
            state["__chain__"] = {"prev": new.prev, "hash": new.hash}
            conn.execute(
                "UPDATE stored_events SET state=? WHERE rowid=?",
                (json.dumps(state, ensure_ascii=False).encode(), position),
            )
    alone = verify_log(app.recorder, "registry")
    assert alone.ok, "a consistent rewrite passes the chains alone — that is why checkpoints exist"
    report = verify_log(
        app.recorder, "registry", witnessed=witnessed, trusted_key_ids={signer.key_id}
    )
    assert not report.ok
    assert report.first_bad is not None
    assert "checkpoint" in report.first_bad["reason"]


def _copies(app: Ledgers, holder: str, witness: CheckpointSigner) -> list[CheckpointRecord]:
    return [
        replace(c, held_by=holder, **witness.countersign(holder, c))
        for c in checkpoints_in(app.recorder, "registry", kept=False)
    ]


def test_a_countersigned_copy_by_a_pinned_witness_key_passes(
    store: tuple[Ledgers, Path, CheckpointSigner], tmp_path: Path
) -> None:
    app, _, signer = store
    witness = CheckpointSigner(tmp_path / "keys" / "issues.pem")
    report = verify_log(
        app.recorder,
        "registry",
        witnessed=_copies(app, "issues", witness),
        trusted_key_ids={signer.key_id},
        witness_keys={"issues": {witness.key_id}}.get,
    )
    assert report.ok, report.problems
    assert report.checkpoints_checked == 2  # its own, and the copy the witness holds


@pytest.mark.parametrize(
    "forgery",
    [
        "key not pinned for the holder",
        "copy moved to another store",
        "countersignature altered",
        "kept before countersigning",
    ],
)
def test_a_copy_not_countersigned_by_its_holder_fails(
    store: tuple[Ledgers, Path, CheckpointSigner], tmp_path: Path, forgery: str
) -> None:
    app, _, signer = store
    witness = CheckpointSigner(tmp_path / "keys" / "issues.pem")
    intruder = CheckpointSigner(tmp_path / "keys" / "intruder.pem")
    [copy] = _copies(app, "issues", witness)
    if forgery == "key not pinned for the holder":
        copy = replace(copy, **intruder.countersign("issues", copy))
    elif forgery == "copy moved to another store":
        copy = replace(copy, held_by="scheduling")
    elif forgery == "countersignature altered":
        copy = replace(copy, **intruder.countersign("issues", copy))
        copy = replace(copy, witness_key_id=witness.key_id, witness_public_key=witness.public_key)
    else:
        copy = replace(copy, witness="", witness_signature="")
    pinned = {"issues": {witness.key_id}, "scheduling": {witness.key_id}}
    report = verify_log(
        app.recorder,
        "registry",
        witnessed=[copy],
        trusted_key_ids={signer.key_id},
        witness_keys=pinned.get,
    )
    assert not report.ok
    assert report.first_bad is not None
    assert "not countersigned by" in report.first_bad["reason"]
    assert report.first_bad["held_by"] == copy.held_by


def test_an_older_checkpoint_no_other_service_witnessed_fails(
    store: tuple[Ledgers, Path, CheckpointSigner], tmp_path: Path
) -> None:
    app, _, signer = store
    ledger = Ledger("台账新")
    app.save(ledger)
    worker = CheckpointWorker(app, "registry", signer, every_events=1, interval_s=1)
    assert worker.sign_if_due() is not None  # a second, newest checkpoint
    witness = CheckpointSigner(tmp_path / "keys" / "issues.pem")
    first, newest = _copies(app, "issues", witness)
    later = datetime.now(UTC) + timedelta(hours=1)

    def check(copies: list[CheckpointRecord]) -> list[str]:
        return verify_log(
            app.recorder,
            "registry",
            witnessed=copies,
            trusted_key_ids={signer.key_id},
            witness_keys={"issues": {witness.key_id}}.get,
            max_unsigned_age_s=600,
            now=later,
            expect_witnesses=True,
        ).problems

    assert check([first, newest]) == []
    assert check([first]) == [], "the newest may not have reached the witnesses yet"
    [problem] = check([newest])
    assert problem.startswith(f"{first.position}: checkpoint witnessed by no other service")
