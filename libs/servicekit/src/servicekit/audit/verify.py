"""Verify a service's log: every chain, every checkpoint, and that the log never shrank.

Works on a recorder alone (no domain classes), so the auditor's tool can check
a store with the services stopped. The first failure is named by its position.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from eventsourcing.persistence import ApplicationRecorder, Notification
from eventsourcing.sqlite import SQLiteApplicationRecorder

from servicekit.audit.chain import GENESIS
from servicekit.audit.checkpoint import (
    Checkpoint,
    CheckpointRecord,
    KeptCheckpoint,
    countersignature_valid,
    signature_valid,
)
from servicekit.audit.merkle import MerkleAccumulator
from servicekit.audit.relink import relink

PAGE = 5_000
CHECKPOINT_TOPIC = f"{Checkpoint.__module__}:{Checkpoint.Signed.__qualname__}"
KEPT_TOPIC = f"{KeptCheckpoint.__module__}:{KeptCheckpoint.Kept.__qualname__}"
NEW_STREAM = (0, GENESIS)  # (version, hash) before a stream's first event


@dataclass
class VerifyReport:
    service: str
    ok: bool = True
    events_checked: int = 0
    checkpoints_checked: int = 0
    first_bad: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    def fail(self, position: int | None, reason: str, **details: Any) -> None:
        self.problems.append(f"{position}: {reason}")
        if self.first_bad is None or (position or 0) < (self.first_bad.get("position") or 0):
            self.first_bad = {"position": position, "reason": reason, **details}
        self.ok = False

    def as_dict(self) -> dict[str, Any]:
        return {
            "service": self.service,
            "ok": self.ok,
            "events_checked": self.events_checked,
            "checkpoints_checked": self.checkpoints_checked,
            "first_bad": self.first_bad,
        }


def iter_log(
    recorder: ApplicationRecorder, topics: Iterable[str] = (), after: int = 0
) -> Iterable[Notification]:
    start = after
    while True:
        page = recorder.select_notifications(
            start=start, limit=PAGE, topics=list(topics), inclusive_of_start=False
        )
        yield from page
        if len(page) < PAGE:
            return
        start = page[-1].id


def checkpoints_in(
    recorder: ApplicationRecorder, held_by: str, kept: bool
) -> list[CheckpointRecord]:
    """Own checkpoints (kept=False) or other services' checkpoints witnessed here (kept=True)."""
    topic = KEPT_TOPIC if kept else CHECKPOINT_TOPIC
    return [
        CheckpointRecord.from_state(json.loads(n.state), held_by, recorded_at=_timestamp(n))
        for n in iter_log(recorder, topics=[topic])
    ]


def verify_log(
    recorder: ApplicationRecorder,
    service: str,
    *,
    witnessed: Iterable[CheckpointRecord] = (),
    trusted_key_ids: set[str] | None = None,
    progress: Callable[[int], None] | None = None,
    max_unsigned_age_s: float | None = None,
    now: datetime | None = None,
    witness_keys: Callable[[str], set[str] | None] | None = None,
    expect_witnesses: bool = False,
) -> VerifyReport:
    """``max_unsigned_age_s``: events older than this must be under a checkpoint.

    Without that rule a store rewritten whole with its checkpoints deleted would
    pass: the services sign every minute, so an old event no checkpoint covers
    is either tampering or a service that stopped without signing — both worth
    an auditor's failure, not a note.

    Each copy in ``witnessed`` must be countersigned by its holder, with a key
    ``witness_keys(holder)`` trusts (any self-consistent key when that is None).
    With ``expect_witnesses`` (the other stores are being read too) every own
    checkpoint but the newest, older than ``max_unsigned_age_s``, must have been
    witnessed by at least one of them.
    """
    report = VerifyReport(service=service)
    own = checkpoints_in(recorder, service, kept=False)
    copies = [c for c in witnessed if c.service == service]
    checkpoints = [*own, *copies]
    for record in checkpoints:
        if not signature_valid(record, trusted_key_ids):
            report.fail(
                record.position,
                "checkpoint signature invalid or key not trusted",
                held_by=record.held_by,
            )
    for copy in copies:
        if not countersignature_valid(copy, witness_keys(copy.held_by) if witness_keys else None):
            report.fail(
                copy.position,
                f"witness copy not countersigned by {copy.held_by} with a key pinned for it",
                held_by=copy.held_by,
            )
    if expect_witnesses and max_unsigned_age_s is not None:
        _check_witnessed(report, own, copies, max_unsigned_age_s, now)
    # SQLite gives positions without gaps (a failed insert takes none), so a gap is a
    # deleted event; PostgreSQL's sequence may skip on a conflicting insert, so there
    # the checkpoints' Merkle roots, which cover positions, show a deletion.
    contiguous = isinstance(recorder, SQLiteApplicationRecorder)
    marks = sorted({c.position for c in checkpoints})
    roots = _walk(recorder, report, marks, progress, contiguous=contiguous)
    last_position = roots.pop("__last__", 0)
    for record in sorted(checkpoints, key=lambda c: c.position):
        report.checkpoints_checked += 1
        if record.position > int(last_position):
            report.fail(
                record.position,
                "log shrank: a checkpoint covers events no longer stored",
                held_by=record.held_by,
            )
        elif roots.get(record.position) != record.root:
            report.fail(
                record.position,
                "checkpoint root mismatch: events up to here were altered",
                held_by=record.held_by,
            )
    if max_unsigned_age_s is not None:
        covered = max((c.position for c in checkpoints), default=0)
        _check_unsigned_tail(recorder, report, covered, max_unsigned_age_s, now)
    return report


def _check_witnessed(
    report: VerifyReport,
    own: list[CheckpointRecord],
    copies: list[CheckpointRecord],
    max_age_s: float,
    now: datetime | None,
) -> None:
    """A checkpoint no other service saw was signed after the fact, or its copies deleted.

    The newest is spared (the others may have stopped before it reached them),
    and so are recent ones (still on their way through JetStream).
    """
    seen = {c.position for c in copies}
    limit = (now or datetime.now(UTC)) - timedelta(seconds=max_age_s)
    for record in sorted(own, key=lambda c: c.position)[:-1]:
        old_enough = record.recorded_at is None or record.recorded_at < limit
        if old_enough and record.position not in seen:
            report.fail(
                record.position,
                "checkpoint witnessed by no other service: signed after the fact, "
                "or every witness's copy was deleted",
            )


def _check_unsigned_tail(
    recorder: ApplicationRecorder,
    report: VerifyReport,
    covered: int,
    max_age_s: float,
    now: datetime | None,
) -> None:
    oldest: Notification | None = None
    count = 0
    for notification in iter_log(recorder, after=covered):
        if notification.topic == CHECKPOINT_TOPIC:
            continue  # a checkpoint is covered by the next one, never by itself
        oldest = oldest or notification
        count += 1
    if oldest is None:
        return
    stamped = _timestamp(oldest)
    limit = (now or datetime.now(UTC)) - timedelta(seconds=max_age_s)
    if stamped is None or stamped < limit:
        when = stamped.isoformat(timespec="seconds") if stamped else "unknown time"
        report.fail(
            oldest.id,
            f"{count} events after position {covered} (the oldest from {when}) are covered by "
            "no checkpoint: checkpoints deleted, or the service stopped without signing",
        )


def _timestamp(notification: Notification) -> datetime | None:
    try:
        value = json.loads(notification.state).get("timestamp")
        text = value.get("_data_") if isinstance(value, dict) else value
        return datetime.fromisoformat(str(text))
    except (ValueError, TypeError, AttributeError):
        return None


def _walk(
    recorder: ApplicationRecorder,
    report: VerifyReport,
    positions: list[int],
    progress: Callable[[int], None] | None,
    *,
    contiguous: bool = False,
) -> dict[Any, Any]:
    heads: dict[str, tuple[int, str]] = {}
    accumulator = MerkleAccumulator()
    append = accumulator.append
    roots: dict[Any, Any] = {}
    # A sentinel past every position spares a bounds check per event.
    marks = [*positions, math.inf]
    pending = 0
    checked = 0
    last_id = previous = 0
    for notification in iter_log(recorder):
        position = notification.id
        if contiguous and position != previous + 1:
            report.fail(
                previous + 1,
                f"positions {previous + 1}–{position - 1} missing: events deleted from the log",
            )
        previous = position
        while marks[pending] < position:
            roots[marks[pending]] = accumulator.root()
            pending += 1
        originator = str(notification.originator_id)
        version = notification.originator_version
        try:
            prev, stored_hash, again = relink(
                originator, version, notification.topic, notification.state
            )
        except (ValueError, TypeError) as exc:
            report.fail(position, f"stored event unreadable: {exc}", originator_id=originator)
            continue
        expected_version, expected_prev = heads.get(originator, NEW_STREAM)
        if prev is None:
            report.fail(position, "event carries no hash chain", originator_id=originator)
        elif version != expected_version + 1:
            report.fail(
                position,
                f"version {version} follows {expected_version}: an event of this stream is missing",
                originator_id=originator,
            )
        elif prev != expected_prev:
            report.fail(
                position,
                "chain broken: previous hash does not match",
                originator_id=originator,
                version=version,
            )
        elif stored_hash != again:
            report.fail(
                position,
                "event altered: its hash does not match its content",
                originator_id=originator,
                version=version,
            )
        event_hash = again if stored_hash is None else stored_hash
        heads[originator] = (version, event_hash)
        append(position, event_hash)
        checked += 1
        last_id = position
        while marks[pending] == position:
            roots[marks[pending]] = accumulator.root()
            pending += 1
        if progress is not None and checked % 1000 == 0:
            progress(1000)
    report.events_checked += checked
    for mark in marks[pending:-1]:
        roots[mark] = accumulator.root()
    roots["__last__"] = last_id
    return roots
