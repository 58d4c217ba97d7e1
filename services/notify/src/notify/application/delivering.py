"""Outcomes of deliveries, the inbox's read marks and the units' contacts."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from eventsourcing.persistence import RecordConflictError

from notify.application.sweeping import SweepCommands
from notify.domain import Contact, Notification, inbox_addresses
from servicekit.core.context import CommandContext, command_method


class NotYourNotificationError(PermissionError):
    """The notification is addressed to another unit (HTTP 403)."""


# Attempts at saving one outcome when another was saved to the same notification at
# the same moment (the e-mail and robot loops, a read mark): each is re-read and
# applied again, so neither outcome is lost and nothing is sent a second time.
CONFLICT_RETRIES = 5


class DeliveryCommands(SweepCommands):
    def _change(
        self, notification_id: UUID, change: Callable[[Notification], bool]
    ) -> Notification | None:
        """Apply ``change`` (False: nothing to do) to the stored notification and save it."""
        for attempt in range(CONFLICT_RETRIES):
            notification = self.notification(notification_id)
            if not change(notification):
                return None
            try:
                self.save(notification)
            except RecordConflictError:
                if attempt == CONFLICT_RETRIES - 1:
                    raise
                continue
            return notification
        return None

    def record_delivery(self, notification_id: UUID, channel: str) -> Notification | None:
        """None when the channel is no longer pending (another attempt recorded it)."""

        def deliver(notification: Notification) -> bool:
            if channel not in notification.pending():
                return False
            notification.deliver(channel)
            return True

        return self._change(notification_id, deliver)

    def record_failure(
        self, notification_id: UUID, channel: str, reason: str, *, will_retry: bool
    ) -> Notification | None:
        def fail(notification: Notification) -> bool:
            if channel not in notification.pending():
                return False
            notification.fail(channel, reason, will_retry=will_retry)
            return True

        return self._change(notification_id, fail)

    @command_method
    def mark_read(self, ctx: CommandContext, notification_id: UUID) -> Notification:
        notification = self.notification(notification_id)
        if notification.recipient not in inbox_addresses(ctx.actorrole or "", ctx.actorunit):
            raise NotYourNotificationError(
                "通知不是发给本单位的 / the notification is addressed to another unit"
            )
        marked = self._change(notification_id, lambda n: n.mark_read(ctx.actor))
        return marked or notification

    @command_method
    def set_contact(
        self,
        ctx: CommandContext,
        unit_id: str,
        *,
        email: str | None,
        webhook_url: str | None,
        webhook_kind: str,
        digest: bool,
    ) -> Contact:
        contact = self.contact(unit_id)
        if contact is None:
            contact = Contact(
                unit_id=unit_id,
                email=email,
                webhook_url=webhook_url,
                webhook_kind=webhook_kind,
                digest=digest,
            )
        elif contact.same_as(email, webhook_url, webhook_kind, digest):
            return contact
        else:
            contact.change(email, webhook_url, webhook_kind, digest)
        self.save(contact)
        return contact
