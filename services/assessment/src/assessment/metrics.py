"""Assessment's business metrics (names fixed by the dashboards) and the facts refresher."""

from __future__ import annotations

import asyncio
from typing import ClassVar
from weakref import WeakKeyDictionary

from prometheus_client import CollectorRegistry, Counter, Gauge

from assessment.application import Assessment
from contracts.subjects import STREAMS


class PrometheusAssessmentMetrics:
    """kpd_notices_published_total, kpd_consequences_total{kind}, projection lag per source."""

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
        self.source_lag = Gauge(
            "kpd_assessment_projection_lag",
            "Consumed events of a source not yet folded into the assessment facts",
            ["source"],
            registry=registry,
        )
        for kind in ("reminder", "interview"):
            self.consequences.labels(kind)

    def notice_published(self) -> None:
        self.notices.inc()

    def consequence(self, kind: str) -> None:
        self.consequences.labels(kind).inc()


class FactsRefresher:
    """Keeps the facts fold warm and reports, per source stream, how far it trails tracking."""

    name = "assessment:facts"

    def __init__(
        self, app: Assessment, metrics: PrometheusAssessmentMetrics, interval_s: float = 1.0
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.interval_s = interval_s

    def refresh(self) -> None:
        folded = self.app.folded_positions()
        for producer in ("registry", "issues", "scheduling"):
            stream = STREAMS[producer]
            lag = self.app.position(stream) - folded.get(stream, 0)
            self.metrics.source_lag.labels(producer).set(max(lag, 0))

    async def run(self, stop: asyncio.Event) -> None:
        waker = self.app.log_signal.waker()
        try:
            while not stop.is_set():
                await asyncio.to_thread(self.refresh)
                await waker.wait(self.interval_s)
        finally:
            self.app.log_signal.discard(waker)
