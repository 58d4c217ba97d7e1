"""Every service keeps the workbench's access changes and refuses revoked tokens.

Each change arrives once per service (its durable consumer on the workbench's
stream) and is stored as an ``AccessRevocation`` in the service's own log, so
it survives restarts and reaches every replica sharing the store: a follower
folds what the log holds into the process's ``RevocationList`` every second.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import get_topic

from contracts import workbench as contract
from servicekit.core.revocations import DISABLED, ENABLED, SESSIONS_ENDED, RevocationList
from servicekit.eventstore.store import KpdApplication
from servicekit.messaging.consumer import Handler, Incoming

_NAMESPACE = uuid.UUID("0b9f8e5e-3f0c-4d8e-9a51-7c2b6d4e1f03")
_KINDS: dict[
    type[contract.AccountDisabled | contract.AccountEnabled | contract.AccountSessionsEnded], str
] = {
    contract.AccountDisabled: DISABLED,
    contract.AccountEnabled: ENABLED,
    contract.AccountSessionsEnded: SESSIONS_ENDED,
}
_PAGE = 500


class AccessRevocation(Aggregate):
    """One change of an account's access, as the workbench published it."""

    @staticmethod
    def create_id(username: str, kind: str, at: datetime, **_: Any) -> uuid.UUID:
        return uuid.uuid5(_NAMESPACE, f"{username}:{kind}:{at.isoformat()}")

    class Recorded(Aggregate.Created):
        username: str
        kind: str
        at: datetime

    @event(Recorded)
    def __init__(self, username: str, kind: str, at: datetime) -> None:
        self.username = username
        self.kind = kind
        self.at = at


RECORDED_TOPIC = get_topic(AccessRevocation.Recorded)


def keep_revocations(
    app: KpdApplication, service: str, handlers: Mapping[str, Mapping[str, Handler]]
) -> dict[str, dict[str, Handler]]:
    """Add the handlers that keep the workbench's access changes (not in the workbench)."""
    merged = {producer: dict(table) for producer, table in handlers.items()}
    if service == "workbench":
        return merged

    def keep(incoming: Incoming) -> None:
        payload: Any = incoming.payload
        data = {"username": payload.username, "kind": _KINDS[type(payload)], "at": payload.at}
        try:
            app.repository.get(AccessRevocation.create_id(**data))
        except AggregateNotFoundError:
            app.save_tracked(incoming.tracking, AccessRevocation(**data))
            return
        app.save_tracked(incoming.tracking)

    table = merged.setdefault("workbench", {})
    for model in _KINDS:
        table[model.type_name()] = keep
    return merged


class RevocationFollower:
    """Folds the stored access changes into the process's revocation list."""

    def __init__(self, app: KpdApplication, revocations: RevocationList) -> None:
        self.app = app
        self.revocations = revocations
        self.position = 0

    def refresh(self) -> int:
        """Apply what was stored since the last call; returns how many changes."""
        applied = 0
        while True:
            page = self.app.recorder.select_notifications(
                start=self.position, limit=_PAGE, topics=[RECORDED_TOPIC], inclusive_of_start=False
            )
            for notification in page:
                change: Any = self.app.mapper.to_domain_event(notification)
                self.revocations.apply(change.username, change.kind, change.at.timestamp())
                self.position = notification.id
                applied += 1
            if len(page) < _PAGE:
                self.revocations.loaded = True
                return applied
