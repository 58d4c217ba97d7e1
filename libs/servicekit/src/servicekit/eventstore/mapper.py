"""The event mapper that stamps actor and cause on every stored event.

The metadata is taken from the command context when the event is first stored
and travels inside the stored state under ``__meta__``; aggregates never see it
(``@event`` methods receive only their own parameters), but the relay, the audit
tools and ``history`` views do.
"""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

from eventsourcing.domain import DomainEventProtocol
from eventsourcing.persistence import JSONTranscoder, Mapper, StoredEvent, Transcoder
from eventsourcing.utils import get_topic

from servicekit.core.context import current_context

META_KEY = "__meta__"


def sort_keys(transcoder: Transcoder) -> None:
    """Make the transcoder write object keys sorted (and compact, non-ASCII as is).

    Sorted, an event's encoded state is in the common case already its RFC 8785
    canonical form, so sealing hashes the stored bytes without parsing them back
    (``servicekit.audit.chain.canonical_encoded_event``). Readers do not care
    about key order; verification canonicalises whatever it reads.
    """
    if isinstance(transcoder, JSONTranscoder):
        transcoder.encoder = json.JSONEncoder(
            default=transcoder._encode_obj,
            separators=(",", ":"),
            ensure_ascii=False,
            sort_keys=True,
        )


class KpdMapper(Mapper[UUID]):
    def to_stored_event(self, domain_event: DomainEventProtocol[UUID]) -> StoredEvent:
        return self.encode(domain_event)[0]

    def encode(self, domain_event: DomainEventProtocol[UUID]) -> tuple[StoredEvent, dict[str, Any]]:
        """The stored event, and the state dict its bytes encode (the library's steps)."""
        state = vars(domain_event)
        if META_KEY not in state:
            # Frozen dataclass: set through object's own __dict__, once, before storing.
            state[META_KEY] = current_context().as_meta()
        event_state = dict(state)
        originator_id = event_state.pop("originator_id")
        originator_version = event_state.pop("originator_version")
        class_version = getattr(type(domain_event), "class_version", 1)
        if class_version > 1:
            event_state["class_version"] = class_version
        encoded = self.transcoder.encode(event_state)
        if self.compressor:
            encoded = self.compressor.compress(encoded)
        if self.cipher:
            encoded = self.cipher.encrypt(encoded)
        stored = StoredEvent(
            originator_id=originator_id,
            originator_version=originator_version,
            topic=get_topic(type(domain_event)),
            state=encoded,
        )
        return stored, event_state


def event_meta(domain_event: object) -> dict[str, Any]:
    """The actor and cause stored with an event ({} for an unsaved event)."""
    meta = vars(domain_event).get(META_KEY)
    return dict(meta) if isinstance(meta, dict) else {}
