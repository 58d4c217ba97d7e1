"""The notify service's domain: notifications, the units told and the issues watched."""

from notify.domain.addressing import inbox_addresses, recipients
from notify.domain.learned import Contact, KnownProject, KnownUnit, WatchedIssue, email_in
from notify.domain.notification import DeliveryError, Notification

__all__ = [
    "Contact",
    "DeliveryError",
    "KnownProject",
    "KnownUnit",
    "Notification",
    "WatchedIssue",
    "email_in",
    "inbox_addresses",
    "recipients",
]
