"""From a stored notification to the CloudEvent the relay publishes.

Each service supplies a ``Translator`` (its ``translation.py``) mapping its domain
events to contract payloads; the envelope — ids, actor, sequence — is built here
once for all services.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any

from eventsourcing.persistence import Mapper, Notification

from contracts.base import EventData
from contracts.envelope import CloudEvent, build_event
from servicekit.eventstore.mapper import event_meta

Translator = Callable[[Any], EventData | None]


def event_id(originator_id: uuid.UUID | str, version: int) -> str:
    """A stable id for a stored event: republishing it yields the same Nats-Msg-Id."""
    namespace = (
        originator_id if isinstance(originator_id, uuid.UUID) else uuid.UUID(str(originator_id))
    )
    return str(uuid.uuid5(namespace, str(version)))


def to_cloud_event(
    notification: Notification,
    mapper: Mapper[uuid.UUID],
    translate: Translator,
    domain_event: Any = None,
) -> CloudEvent | None:
    """None when the domain event is internal to the service (translator says so).

    ``domain_event``: the notification's event when the caller holds it already
    (this process just stored it); otherwise it is decoded here.
    """
    if domain_event is None:
        domain_event = mapper.to_domain_event(notification)
    payload = translate(domain_event)
    if payload is None:
        return None
    timestamp: datetime = vars(domain_event)["timestamp"]
    chain = vars(domain_event).get("__chain__") or {}
    return build_event(
        payload,
        event_id=event_id(notification.originator_id, notification.originator_version),
        subject=str(notification.originator_id),
        time=timestamp,
        meta=event_meta(domain_event),
        sequence=notification.id,
        aggregate_version=notification.originator_version,
        chain=(chain.get("prev"), chain.get("hash")),
    )
