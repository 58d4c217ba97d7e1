"""The event mapper that stamps actor and cause on every stored event.

The metadata is taken from the command context when the event is first stored
and travels inside the stored state under ``__meta__``; aggregates never see it
(``@event`` methods receive only their own parameters), but the relay, the audit
tools and ``history`` views do.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent

from servicekit.core.context import current_context

META_KEY = "__meta__"


class KpdMapper(Mapper[UUID]):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Events already encoded while being sealed (by id of the event object), so
        # that storing them does not encode them a second time.
        self.presealed: dict[int, StoredEvent] = {}

    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        presealed = self.presealed.pop(id(domain_event), None)
        if presealed is not None:
            return presealed
        if META_KEY not in vars(domain_event):
            # Frozen dataclass: set through object's own __dict__, once, before storing.
            vars(domain_event)[META_KEY] = current_context().as_meta()
        return super().to_stored_event(domain_event)


def event_meta(domain_event: object) -> dict[str, Any]:
    """The actor and cause stored with an event ({} for an unsaved event)."""
    meta = vars(domain_event).get(META_KEY)
    return dict(meta) if isinstance(meta, dict) else {}
