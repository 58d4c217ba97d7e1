"""The notify application: learn, tell, sweep, record deliveries."""

from notify.application.base import UnknownNotificationError
from notify.application.delivering import DeliveryCommands, NotYourNotificationError
from notify.application.sweeping import SweepReport


class Notify(DeliveryCommands):
    """The notify service's application (its event store is its audit trail)."""

    # Named here, not only on the base: eventsourcing names each subclass after
    # itself ("Notify"), and the auditor's tool finds a service's class by its name.
    name = "notify"


__all__ = ["NotYourNotificationError", "Notify", "SweepReport", "UnknownNotificationError"]
