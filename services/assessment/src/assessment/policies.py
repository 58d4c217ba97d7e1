"""What assessment does when other services' events arrive: keep each one as a fact.

Every consumed message becomes a ``SourceFact`` saved with the message's tracking
position in one transaction, so the facts behind any published figure are
exactly the stream prefixes its recorded positions name.
"""

from __future__ import annotations

from collections.abc import Mapping

from assessment.application import Assessment
from assessment.domain.facts import CONSUMED_EVENT_TYPES
from contracts.catalog import CATALOG
from servicekit.core.context import current_context
from servicekit.messaging.consumer import Handler, Incoming


def keep_fact(app: Assessment, incoming: Incoming) -> None:
    """Store the incoming event as a fact; a redelivery is skipped by its tracking position."""
    fact = app.record_fact(
        current_context(),
        stream=incoming.tracking.application_name,
        seq=incoming.tracking.notification_id,
        event_type=type(incoming.payload).event_name,
        data=incoming.payload.model_dump(mode="json"),
    )
    app.save_tracked(incoming.tracking, fact)


def handlers(app: Assessment) -> Mapping[str, Mapping[str, Handler]]:
    """producer → {event type → handler}; the same handler keeps every consumed type."""

    def handle(incoming: Incoming) -> None:
        keep_fact(app, incoming)

    table: dict[str, dict[str, Handler]] = {}
    for type_name, model in CATALOG.items():
        if model.event_name in CONSUMED_EVENT_TYPES.get(model.producer, ()):
            table.setdefault(model.producer, {})[type_name] = handle
    return table
