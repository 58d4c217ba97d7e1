"""Business metrics: open and overdue issues by level, supervised issues, sweep duration.

The gauges are read from the issue list read model at each scrape (so they are
right after a restart without replaying anything); "overdue" is as of the
injected clock's today.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar
from weakref import WeakKeyDictionary

from prometheus_client import Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from issues.domain import LEVELS, OPEN_UNRESOLVED
from issues.projections import IssueRow
from servicekit.core.clock import Clock
from servicekit.core.metrics import ServiceMetrics


class IssueGauges(Collector):
    def __init__(self, engine: Engine, clock: Clock) -> None:
        self.engine = engine
        self.clock = clock

    def collect(self) -> Iterator[GaugeMetricFamily]:
        opened = GaugeMetricFamily("kpd_issues_open", "Open issues by level", labels=["level"])
        overdue = GaugeMetricFamily(
            "kpd_issues_overdue", "Issues past their deadline by level", labels=["level"]
        )
        supervised = GaugeMetricFamily(
            "kpd_issues_supervised", "Open issues under 13710 supervision"
        )
        today = self.clock.today()
        try:
            with Session(self.engine) as session:
                open_rows = session.execute(
                    select(IssueRow.level, func.count())
                    .where(IssueRow.status != "closed")
                    .group_by(IssueRow.level)
                ).all()
                overdue_rows = session.execute(
                    select(IssueRow.level, func.count())
                    .where(IssueRow.status.in_(sorted(OPEN_UNRESOLVED)), IssueRow.deadline < today)
                    .group_by(IssueRow.level)
                ).all()
                supervised_count = session.scalar(
                    select(func.count()).where(
                        IssueRow.supervised.is_(True), IssueRow.status != "closed"
                    )
                )
        except Exception:  # a scrape must not fail because the read store is away
            return
        open_by = {str(level): int(count) for level, count in open_rows}
        overdue_by = {str(level): int(count) for level, count in overdue_rows}
        for level in LEVELS:
            opened.add_metric([level], open_by.get(level, 0))
            overdue.add_metric([level], overdue_by.get(level, 0))
        supervised.add_metric([], int(supervised_count or 0))
        yield opened
        yield overdue
        yield supervised

    def describe(self) -> Iterator[GaugeMetricFamily]:
        return iter(())


class IssueMetrics:
    """The issues service's own metrics on the service's registry (installed once)."""

    _installed: ClassVar[WeakKeyDictionary[CollectorRegistry, IssueMetrics]] = WeakKeyDictionary()

    def __init__(self, registry: CollectorRegistry) -> None:
        self.sweep_duration = Histogram(
            "kpd_issues_sweep_duration_seconds",
            "Duration of issue sweeps (escalation, supervision)",
            registry=registry,
        )
        self.gauges: IssueGauges | None = None

    @classmethod
    def of(cls, metrics: ServiceMetrics) -> IssueMetrics:
        found = cls._installed.get(metrics.registry)
        if found is None:
            found = cls._installed[metrics.registry] = cls(metrics.registry)
        return found

    @classmethod
    def install(cls, metrics: ServiceMetrics, engine: Engine, clock: Clock) -> IssueMetrics:
        own = cls.of(metrics)
        if own.gauges is None:
            own.gauges = IssueGauges(engine, clock)
            metrics.registry.register(own.gauges)
        return own

    def observe_sweep(self, seconds: float) -> None:
        self.sweep_duration.observe(seconds)
