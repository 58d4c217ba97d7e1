"""Plugging checkpoints into every service: publish our own, keep everyone else's."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from eventsourcing.application import AggregateNotFoundError

from contracts.audit import CHECKPOINT_EVENTS
from contracts.base import EventData
from servicekit.audit.checkpoint import (
    Checkpoint,
    CheckpointRecord,
    CheckpointSigner,
    KeptCheckpoint,
    signature_valid,
)
from servicekit.eventstore.store import KpdApplication
from servicekit.messaging.consumer import Handler, Incoming
from servicekit.messaging.translation import Translator
from servicekit.runtime.revocations import AccessRevocation

log = logging.getLogger("kpd.audit")


def with_checkpoints(service: str, translate: Translator) -> Translator:
    """The service's translator, extended with its checkpoint events."""
    model = CHECKPOINT_EVENTS[service]

    def translate_all(domain_event: Any) -> EventData | None:
        if isinstance(domain_event, Checkpoint.Signed):
            return model(
                service=domain_event.service,
                position=domain_event.position,
                root=domain_event.root,
                key_id=domain_event.key_id,
                public_key=domain_event.public_key,
                signature=domain_event.signature,
            )
        if isinstance(domain_event, KeptCheckpoint.Kept | AccessRevocation.Recorded):
            return None  # a copy kept here; the original is on its producer's stream
        return translate(domain_event)

    return translate_all


def keep_checkpoints(
    app: KpdApplication,
    service: str,
    handlers: Mapping[str, Mapping[str, Handler]],
    signer: CheckpointSigner,
) -> dict[str, dict[str, Handler]]:
    """Add, for every other producer, a handler that keeps and countersigns its checkpoints."""

    def keep(incoming: Incoming) -> None:
        data = incoming.payload.model_dump()
        kept_id = KeptCheckpoint.create_id(service=data["service"], position=data["position"])
        try:
            app.repository.get(kept_id)
        except AggregateNotFoundError:
            app.save_tracked(incoming.tracking, witnessed(data))
            return
        app.save_tracked(incoming.tracking)

    def witnessed(data: dict[str, Any]) -> KeptCheckpoint:
        record = CheckpointRecord.from_state(data, held_by=service)
        witness = signer.countersign(service, record)
        if not signature_valid(record):
            # Kept as evidence but not vouched for: verify fails on it, as it should.
            log.warning(
                "checkpoint of %s at %s carries an invalid signature; kept uncountersigned",
                record.service,
                record.position,
            )
            witness["witness_signature"] = ""
        return KeptCheckpoint(**data, **witness)

    merged = {producer: dict(table) for producer, table in handlers.items()}
    for producer, model in CHECKPOINT_EVENTS.items():
        if producer != service:
            merged.setdefault(producer, {})[model.type_name()] = keep
    return merged
