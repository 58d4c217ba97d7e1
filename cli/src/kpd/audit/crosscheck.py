"""The store's log against the producer's JetStream stream: same events, order, hashes.

Every message must name (``sequence``) a stored event whose id, aggregate,
version and chain fields it repeats, in increasing log order; consecutive
versions of one aggregate on the stream must link ``chainprev`` → ``chainhash``.
Which stored events belong on the stream is decided by the service's own
translator (``audit_published``); when that is unavailable, an event type
counts as published once any event of that type is seen on the stream (a
weaker check: a type whose every event is missing goes unnoticed).
A stored event after the stream's last message is relay lag, not a gap.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from eventsourcing.persistence import ApplicationRecorder, Notification
from pydantic import ValidationError

from contracts.envelope import CloudEvent
from kpd.audit.jetstream import StreamContents, StreamMessage
from servicekit.audit.chain import GENESIS, split_state
from servicekit.audit.verify import KEPT_TOPIC, iter_log
from servicekit.messaging.translation import event_id


@dataclass(frozen=True)
class StoredEntry:
    position: int
    originator_id: str
    version: int
    topic: str
    prev: str | None
    hash: str | None
    # The service's translator's verdict; None when unknown (then inferred from the stream).
    published: bool | None = None


@dataclass
class CrossCheckReport:
    service: str
    messages: int = 0
    matched: int = 0
    unpublished_tail: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def first_bad(self) -> tuple[int, str] | None:
        return min(self.problems, default=None)


def stored_entries(
    recorder: ApplicationRecorder, published: Callable[[Notification], bool] | None = None
) -> dict[int, StoredEntry]:
    """The stored log by position, with each event's chain fields and publication verdict."""
    entries = {}
    for n in iter_log(recorder):
        _, chain = split_state(n.state)
        entries[n.id] = StoredEntry(
            n.id,
            str(n.originator_id),
            n.originator_version,
            n.topic,
            str(chain["prev"]) if chain else None,
            str(chain["hash"]) if chain else None,
            published(n) if published is not None else None,
        )
    return entries


def _differences(event: CloudEvent, stored: StoredEntry, service: str) -> Iterable[str]:
    expected = {
        "source": (event.producer, service),
        "id": (event.id, event_id(stored.originator_id, stored.version)),
        "subject": (event.subject, stored.originator_id),
        "aggregateversion": (event.aggregateversion, stored.version),
        "chainprev": (event.chainprev, stored.prev),
        "chainhash": (event.chainhash, stored.hash),
    }
    for name, (on_stream, in_store) in expected.items():
        if on_stream != in_store:
            yield f"{name} differs: stream {on_stream!r}, store {in_store!r}"


def _parse(message: StreamMessage, report: CrossCheckReport) -> CloudEvent | None:
    try:
        return CloudEvent.model_validate_json(message.data)
    except ValidationError as exc:
        report.problems.append((0, f"stream message {message.stream_sequence} unreadable: {exc}"))
        return None


def cross_check(contents: StreamContents, stored: dict[int, StoredEntry]) -> CrossCheckReport:
    """Compare one stream with its producer's stored log."""
    report = CrossCheckReport(service=contents.service, messages=len(contents.messages))
    if not contents.exists:
        report.problems.append((0, f"stream {contents.stream} does not exist"))
        return report
    seen: dict[int, CloudEvent] = {}
    last_sequence = 0
    for message in contents.messages:
        event = _parse(message, report)
        if event is None:
            continue
        position = event.sequence
        if position <= last_sequence:
            report.problems.append((position, f"out of order or repeated after {last_sequence}"))
        last_sequence = max(last_sequence, position)
        entry = stored.get(position)
        if entry is None:
            report.problems.append((position, "on the stream but not in the store"))
            continue
        seen[position] = event
        differences = list(_differences(event, entry, contents.service))
        for difference in differences:
            report.problems.append((position, f"{difference} (aggregate {entry.originator_id})"))
        report.matched += not differences
    _check_links(seen, report)
    topics = {stored[p].topic for p in seen}
    for position, entry in sorted(stored.items()):
        should = entry.published if entry.published is not None else entry.topic in topics
        if not should or position in seen or entry.topic == KEPT_TOPIC:
            continue
        if position > last_sequence:
            report.unpublished_tail += 1
        else:
            report.problems.append(
                (position, f"missing from the stream (aggregate {entry.originator_id})")
            )
    report.problems.sort()
    return report


def _check_links(seen: dict[int, CloudEvent], report: CrossCheckReport) -> None:
    heads: dict[str, CloudEvent] = {}
    for position in sorted(seen):
        event = seen[position]
        before = heads.get(event.subject)
        if event.aggregateversion == 1 and event.chainprev != GENESIS:
            report.problems.append(
                (position, "first event of its aggregate does not start the chain")
            )
        elif (
            before
            and before.aggregateversion + 1 == event.aggregateversion
            and event.chainprev != before.chainhash
        ):
            report.problems.append((position, "chainprev does not match the previous chainhash"))
        heads[event.subject] = event
