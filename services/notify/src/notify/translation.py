"""Notify domain events → contract events: each delivery outcome leaves the service;
what it learns and the notifications themselves stay inside."""

from __future__ import annotations

from typing import Any

from contracts import notify as contract
from contracts.base import EventData
from notify.domain import Contact, KnownProject, KnownUnit, Notification, WatchedIssue
from servicekit.messaging.translation import Carried, Translations, originator_text

_TRANSLATIONS = Translations(
    {
        Notification.Delivered: Carried(contract.NotificationSent, notification_id=originator_text),
        Notification.DeliveryFailed: Carried(
            contract.NotificationFailed, notification_id=originator_text
        ),
    },
    internal=(
        Notification.Queued,
        Notification.Read,
        KnownUnit.Event,
        KnownProject.Event,
        Contact.Event,
        WatchedIssue.Event,
    ),
)


def translate(domain_event: Any) -> EventData | None:
    """The contract payload of a domain event; None for events internal to notify."""
    return _TRANSLATIONS(domain_event)
