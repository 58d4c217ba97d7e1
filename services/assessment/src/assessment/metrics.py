"""Assessment's business metrics (names fixed by the dashboards) and the facts refresher."""

from __future__ import annotations

import asyncio
from typing import ClassVar
from weakref import WeakKeyDictionary

from prometheus_client import CollectorRegistry, Counter, Gauge

from assessment.application import Assessment


class PrometheusAssessmentMetrics:
    """kpd_notices_published_total and kpd_consequences_total{kind}."""

    _installed: ClassVar[WeakKeyDictionary[CollectorRegistry, PrometheusAssessmentMetrics]] = (
        WeakKeyDictionary()
    )

    @classmethod
    def of(cls, registry: CollectorRegistry) -> PrometheusAssessmentMetrics:
        """One set per registry: an app's lifespan may start more than once (tests)."""
        found = cls._installed.get(registry)
        if found is None:
            found = cls._installed[registry] = cls(registry)
        return found

    def __init__(self, registry: CollectorRegistry) -> None:
        self.notices = Counter(
            "kpd_notices_published_total",
            "Monthly notices published (each version)",
            registry=registry,
        )
        self.consequences = Counter(
            "kpd_consequences_total", "Consequences applied by notices", ["kind"], registry=registry
        )
        for kind in ("reminder", "interview"):
            self.consequences.labels(kind)

    def notice_published(self) -> None:
        self.notices.inc()

    def consequence(self, kind: str) -> None:
        self.consequences.labels(kind).inc()


class FactsRefresher:
    """Keeps the facts fold warm and reports how many stored facts each round found unfolded.

    The number is ``kpd_projection_lag_events{service="assessment", projection="facts"}``,
    the same family as every read model's lag. It used to be the tracked stream position
    minus the last folded fact's, which counted every message assessment skips (other
    services' checkpoints, events it has no use for) and so climbed while idle.
    """

    name = "assessment:facts"

    def __init__(self, app: Assessment, lag: Gauge, interval_s: float = 1.0) -> None:
        self.app = app
        self.lag = lag
        self.interval_s = interval_s

    def refresh(self) -> None:
        self.lag.set(self.app.catch_up_facts())

    async def run(self, stop: asyncio.Event) -> None:
        waker = self.app.log_signal.waker()
        try:
            while not stop.is_set():
                await asyncio.to_thread(self.refresh)
                await waker.wait(self.interval_s)
        finally:
            self.app.log_signal.discard(waker)
