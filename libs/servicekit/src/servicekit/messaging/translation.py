"""From a stored notification to the CloudEvent the relay publishes.

Each service supplies a ``Translator`` (its ``translation.py``) mapping its domain
events to contract payloads — mostly ``Carried`` entries of a ``Translations``
table, each field taken from the domain event of the same name; the envelope —
ids, actor, sequence — is built here once for all services.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Generic, TypeVar

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


E = TypeVar("E", bound=EventData)
Given = Callable[[Any], Any]


def originator_text(domain_event: Any) -> str:
    """The aggregate's id as the contracts carry ids: text."""
    return str(domain_event.originator_id)


class Carried(Generic[E]):
    """A translator that carries the contract's fields over from the domain event by name.

    Where the names are the same the translation writes no field list of its
    own: the contract says what leaves the service, the domain event holds the
    values. ``given`` computes a field instead (an id as text, a renamed or
    derived value); ``omit`` leaves a field the contract may default. What a
    caller knows beyond the event (the issues service's project and county)
    comes in as keywords. ``check`` holds the mapping to the domain event's
    class when the table is built, so a renamed field stops the service at
    start-up instead of failing in the relay.
    """

    def __init__(self, contract: type[E], /, *, omit: tuple[str, ...] = (), **given: Given) -> None:
        self.contract = contract
        self.given = given
        self.carried = tuple(
            name for name in contract.model_fields if name not in given and name not in omit
        )
        unknown = (set(given) | set(omit)) - set(contract.model_fields)
        if unknown:
            raise TypeError(f"{contract.__name__} has no fields {sorted(unknown)}")
        for name in omit:
            if contract.model_fields[name].is_required():
                raise TypeError(f"{contract.__name__}.{name} is required: it cannot be omitted")

    def check(self, domain_event_class: type[Any], known: frozenset[str] = frozenset()) -> None:
        fields = {f.name for f in dataclasses.fields(domain_event_class)}
        missing = set(self.carried) - fields - known
        if missing:
            raise TypeError(
                f"{domain_event_class.__qualname__} → {self.contract.__name__}: "
                f"no attribute for {sorted(missing)} (give or omit them)"
            )

    def __call__(self, domain_event: Any, **known: Any) -> E:
        values = {name: compute(domain_event) for name, compute in self.given.items()}
        for name in self.carried:
            values[name] = known[name] if name in known else getattr(domain_event, name)
        return self.contract(**values)


class Translations:
    """One service's translator: its table of contract events and its internal events.

    ``known``: fields the caller passes to every translation (they need not be
    attributes of the domain events). A domain event in neither the table nor
    ``internal`` is a LookupError — a new event must be given a contract or be
    declared internal, never dropped by default.
    """

    def __init__(
        self,
        table: Mapping[type[Any], Callable[..., EventData]],
        internal: tuple[type[Any], ...] = (),
        known: frozenset[str] = frozenset(),
    ) -> None:
        self.table = dict(table)
        self.internal = internal
        for domain_event_class, translator in self.table.items():
            if isinstance(translator, Carried):
                translator.check(domain_event_class, known)

    def publishes(self, domain_event: Any) -> bool:
        """Whether the relay puts this event on the stream (the auditor's question)."""
        if type(domain_event) in self.table:
            return True
        if isinstance(domain_event, self.internal):
            return False
        raise LookupError(f"no contract for domain event {type(domain_event).__qualname__}")

    def __call__(self, domain_event: Any, **known: Any) -> EventData | None:
        translator = self.table.get(type(domain_event))
        if translator is not None:
            return translator(domain_event, **known)
        if isinstance(domain_event, self.internal):
            return None
        raise LookupError(f"no contract for domain event {type(domain_event).__qualname__}")
