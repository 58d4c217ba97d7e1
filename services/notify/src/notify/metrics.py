"""Delivery metrics: sent and failed per channel, the queue's depth and the delivery lag."""

from __future__ import annotations

from typing import ClassVar
from weakref import WeakKeyDictionary

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

CHANNELS = ("inbox", "email", "webhook")
LAG_BUCKETS = (0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600)


class NotifyMetrics:
    """kpd_notifications_sent_total{channel}, kpd_notifications_failed_total{channel},
    kpd_notify_queue_depth{channel}, kpd_notify_delivery_lag_seconds{channel}."""

    _installed: ClassVar[WeakKeyDictionary[CollectorRegistry, NotifyMetrics]] = WeakKeyDictionary()

    @classmethod
    def of(cls, registry: CollectorRegistry) -> NotifyMetrics:
        """One set per registry: an app's lifespan may start more than once (tests)."""
        found = cls._installed.get(registry)
        if found is None:
            found = cls._installed[registry] = cls(registry)
        return found

    def __init__(self, registry: CollectorRegistry) -> None:
        self.sent = Counter(
            "kpd_notifications_sent_total", "Deliveries made", ["channel"], registry=registry
        )
        self.failed = Counter(
            "kpd_notifications_failed_total",
            "Delivery attempts that failed (each round, retried or not)",
            ["channel"],
            registry=registry,
        )
        self.queue_depth = Gauge(
            "kpd_notify_queue_depth",
            "Deliveries waiting (never tried or to be retried)",
            ["channel"],
            registry=registry,
        )
        self.lag = Histogram(
            "kpd_notify_delivery_lag_seconds",
            "From a notification's recording to its delivery on a channel",
            ["channel"],
            buckets=LAG_BUCKETS,
            registry=registry,
        )
        for channel in CHANNELS:
            self.sent.labels(channel)
            self.failed.labels(channel)
            self.queue_depth.labels(channel)
