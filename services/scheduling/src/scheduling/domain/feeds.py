"""Calendar feeds: a person's meetings for calendar programs that cannot send a token.

Outlook, Apple and phone calendars subscribe to a URL and fetch it unattended, so
the credential is a secret in the URL itself, issued to one person with that
person's scope and revocable on its own. Only the secret's SHA-256 is recorded:
the store, its backups and the event stream never hold a working link.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from scheduling.domain.errors import SchedulingError

FEED_NAMESPACE = uuid.UUID("8d3f6c1a-2b7e-4f90-a5c4-6e1d9b0f3a27")


def secret_digest(secret: str) -> str:
    """The recorded form of a feed secret (hex SHA-256)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class CalendarFeed(Aggregate):
    """One subscription link: whose it is, what it shows, whether it still works."""

    @staticmethod
    def create_id(digest: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(FEED_NAMESPACE, digest)

    class Issued(Aggregate.Created):
        digest: str
        owner: str
        role: str
        unit: str | None
        series: str | None
        subcommand: str | None
        county: str | None
        issued_on: date

    class Revoked(Aggregate.Event):
        on: date

    @event(Issued)
    def __init__(
        self,
        digest: str,
        owner: str,
        role: str,
        unit: str | None,
        series: str | None,
        subcommand: str | None,
        county: str | None,
        issued_on: date,
    ) -> None:
        self.digest = digest
        self.owner = owner
        self.role = role
        self.unit = unit
        self.series = series
        self.subcommand = subcommand
        self.county = county
        self.issued_on = issued_on
        self.revoked_on: date | None = None

    @property
    def active(self) -> bool:
        return self.revoked_on is None

    def revoke(self, on: date) -> None:
        if self.revoked_on is not None:
            raise SchedulingError(f"订阅链接已于 {self.revoked_on} 吊销 / feed already revoked")
        self._revoked(on)

    @event(Revoked)
    def _revoked(self, on: date) -> None:
        self.revoked_on = on
