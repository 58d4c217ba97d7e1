"""Outcomes of deliveries, the inbox's read marks and the units' contacts."""

from __future__ import annotations

from uuid import UUID

from notify.application.sweeping import SweepCommands
from notify.domain import Contact, Notification, inbox_addresses
from servicekit.core.context import CommandContext, command_method


class NotYourNotificationError(PermissionError):
    """The notification is addressed to another unit (HTTP 403)."""


class DeliveryCommands(SweepCommands):
    def record_delivery(self, notification_id: UUID, channel: str) -> Notification | None:
        """None when the channel is no longer pending (another attempt recorded it)."""
        notification = self.notification(notification_id)
        if channel not in notification.pending():
            return None
        notification.deliver(channel)
        self.save(notification)
        return notification

    def record_failure(
        self, notification_id: UUID, channel: str, reason: str, *, will_retry: bool
    ) -> Notification | None:
        notification = self.notification(notification_id)
        if channel not in notification.pending():
            return None
        notification.fail(channel, reason, will_retry=will_retry)
        self.save(notification)
        return notification

    @command_method
    def mark_read(self, ctx: CommandContext, notification_id: UUID) -> Notification:
        notification = self.notification(notification_id)
        if notification.recipient not in inbox_addresses(ctx.actorrole or "", ctx.actorunit):
            raise NotYourNotificationError(
                "通知不是发给本单位的 / the notification is addressed to another unit"
            )
        if notification.mark_read(ctx.actor):
            self.save(notification)
        return notification

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
