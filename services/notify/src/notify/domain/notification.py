"""One notification: who is told what and why, and what became of it on each channel.

Its id is derived from the fact that caused it (``key``): the same issue due on
the same day, the same escalation, the same interview always give the same
notification, so a redelivered message or a second sweep finds it already
there and tells nobody twice.
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

NAMESPACE = uuid.UUID("6f1c2a52-6a55-4d0e-9a51-2f6c8f7e4b10")


class DeliveryError(Exception):
    """A delivery outcome that does not fit the notification (HTTP 409)."""


class Notification(Aggregate):
    @staticmethod
    def create_id(key: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(NAMESPACE, key)

    class Queued(Aggregate.Created):
        key: str
        recipient: str
        kind: str
        subject: str
        body: str
        link: str
        ref: str
        channels: list[str]

    @event(Queued)
    def __init__(
        self,
        key: str,
        recipient: str,
        kind: str,
        subject: str,
        body: str,
        link: str,
        ref: str,
        channels: list[str],
    ) -> None:
        self.key = key
        self.recipient = recipient
        self.kind = kind
        self.subject = subject
        self.body = body
        self.link = link
        self.ref = ref
        self.channels = list(channels)
        self.delivered: dict[str, int] = {}  # channel → the attempt that succeeded
        self.attempts: dict[str, int] = {}
        self.abandoned: dict[str, str] = {}  # channel → the permanent failure
        self.read_by: str | None = None

    # --- delivery ---------------------------------------------------------------

    def pending(self) -> list[str]:
        """Channels still to be tried, in the order the notification names them."""
        return [c for c in self.channels if c not in self.delivered and c not in self.abandoned]

    def next_attempt(self, channel: str) -> int:
        return self.attempts.get(channel, 0) + 1

    def deliver(self, channel: str) -> None:
        self._require_pending(channel)
        self._delivered(channel, self.next_attempt(channel), self.recipient, self.kind)

    def fail(self, channel: str, reason: str, *, will_retry: bool) -> None:
        self._require_pending(channel)
        attempt, text = self.next_attempt(channel), reason[:500] or "unknown"
        self._failed(channel, attempt, text, will_retry, self.recipient, self.kind)

    def _require_pending(self, channel: str) -> None:
        if channel not in self.pending():
            raise DeliveryError(f"channel {channel!r} is not pending for {self.key}")

    # Outcomes repeat the recipient and kind: each stored event says on its own who
    # was told what (the published NotificationSent carries them).
    class Delivered(Aggregate.Event):
        channel: str
        attempt: int
        recipient: str
        kind: str

    class DeliveryFailed(Aggregate.Event):
        channel: str
        attempt: int
        reason: str
        will_retry: bool
        recipient: str
        kind: str

    class Read(Aggregate.Event):
        by: str

    @event(Delivered)
    def _delivered(self, channel: str, attempt: int, recipient: str, kind: str) -> None:
        self.delivered[channel] = attempt
        self.attempts[channel] = attempt

    @event(DeliveryFailed)
    def _failed(
        self, channel: str, attempt: int, reason: str, will_retry: bool, recipient: str, kind: str
    ) -> None:
        self.attempts[channel] = attempt
        if not will_retry:
            self.abandoned[channel] = reason

    # --- the inbox --------------------------------------------------------------

    def mark_read(self, by: str) -> bool:
        """False when it was read already (nothing is recorded twice)."""
        if self.read_by is not None:
            return False
        self._read(by)
        return True

    @event(Read)
    def _read(self, by: str) -> None:
        self.read_by = by
