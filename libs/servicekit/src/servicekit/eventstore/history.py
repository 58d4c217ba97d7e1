"""An aggregate's audit history: every stored event with its actor, role, unit and time.

The services' ``history`` views (an issue's, a project's timeline) read the same
thing: the aggregate's events from the store, oldest first, with the metadata the
mapper stamped on them (``mapper.META_KEY``). ``data`` is the event's own fields as
plain JSON values; the store's bookkeeping (ids, versions, timestamps, the actor
metadata and the hash chain) is left out of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import Application

from servicekit.audit.chain import CHAIN_KEY
from servicekit.eventstore.mapper import META_KEY, event_meta

# The library's own fields (a Created event's originator_topic names the Python class).
BOOKKEEPING = frozenset(
    {"originator_id", "originator_version", "originator_topic", "timestamp", META_KEY, CHAIN_KEY}
)


@dataclass(frozen=True)
class HistoryRecord:
    """One stored event of an aggregate, as the audit trail has it."""

    event_type: str
    version: int
    recorded_at: datetime
    actor: str | None
    actor_role: str | None
    actor_unit: str | None
    command: str | None
    data: dict[str, Any]


def plain(value: Any) -> Any:
    """``value`` with dates as ISO text and tuples as lists (JSON-ready)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def history_of(
    app: Application[UUID], aggregate_id: UUID, *, lte: int | None = None
) -> list[HistoryRecord]:
    """Every stored event of ``aggregate_id`` up to version ``lte``, oldest first."""
    records = []
    for domain_event in app.events.get(aggregate_id, lte=lte):
        meta = event_meta(domain_event)
        state = vars(domain_event)
        records.append(
            HistoryRecord(
                event_type=type(domain_event).__name__,
                version=domain_event.originator_version,
                recorded_at=state["timestamp"],
                actor=meta.get("actor"),
                actor_role=meta.get("actorrole"),
                actor_unit=meta.get("actorunit"),
                command=meta.get("command"),
                data={k: plain(v) for k, v in state.items() if k not in BOOKKEEPING},
            )
        )
    return records
