"""Several consumed messages stored in one transaction: the consumer's batch.

A consumer used to commit once per message (events + source position). Under
load that commit — a round trip, a table lock and a WAL flush on PostgreSQL, an
fsync on SQLite — was most of what a message cost. Inside a unit of work,
handlers call ``save_tracked`` exactly as they would alone; the unit collects
their events in message order (each stamped with its own message's actor and
cause), remembers the aggregates they touched so that a later handler in the
same batch loads those objects rather than their stored (older) state, and one
commit stores every event with the last message's position.

The contract handlers already keep makes this the same history as one commit
per message: a handler saves (with ``save_tracked``) every aggregate it changed,
or raises — and the batch ends at the first handler that raises.

If that commit fails, nothing of the batch is stored; the consumer then applies
the messages one by one, as before. The unit is a context variable, so the HTTP
commands running in other threads never see it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any
from uuid import UUID

from eventsourcing.application import ProcessingEvent, Repository
from eventsourcing.domain import MutableOrImmutableAggregate
from eventsourcing.persistence import Tracking

from servicekit.core.context import current_context
from servicekit.eventstore.mapper import META_KEY


class UnitOfWork:
    """What the handlers of one batch saved, not yet stored."""

    def __init__(self) -> None:
        self.processing_event: ProcessingEvent[UUID] = ProcessingEvent()
        self.touched: dict[Any, MutableOrImmutableAggregate[UUID]] = {}
        self.saves = 0

    @property
    def tracking(self) -> Tracking | None:
        return self.processing_event.tracking

    def collect(self, tracking: Tracking, objs: tuple[Any, ...]) -> None:
        events = self.processing_event.events
        first_new = len(events)
        self.processing_event.collect_events(*objs)
        meta = current_context().as_meta()
        for domain_event in events[first_new:]:
            # Stamped now: the commit runs after this message's context has ended.
            vars(domain_event).setdefault(META_KEY, meta)
        self.processing_event.tracking = tracking
        for obj in objs:
            if obj is not None:
                self.touched[obj.id] = obj
        self.saves += 1


_active: ContextVar[UnitOfWork | None] = ContextVar("kpd_unit_of_work", default=None)


def active_unit_of_work() -> UnitOfWork | None:
    return _active.get()


@contextlib.contextmanager
def collecting() -> Iterator[UnitOfWork]:
    """Within the block, ``save_tracked`` collects into the yielded unit instead of storing."""
    unit = UnitOfWork()
    token = _active.set(unit)
    try:
        yield unit
    finally:
        _active.reset(token)


class UnitOfWorkRepository(Repository[UUID]):
    """The library's repository; within a unit of work, aggregates it touched come first."""

    def get(self, aggregate_id: UUID, *, version: int | None = None, **kwargs: Any) -> Any:
        unit = _active.get()
        if unit is not None and version is None:
            touched = unit.touched.get(aggregate_id)
            if touched is not None:
                return touched
        return super().get(aggregate_id, version=version, **kwargs)
