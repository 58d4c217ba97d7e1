"""Business metrics: open and overdue issues by level, supervised issues, issues whose
deadline is provisional (counted through a year without a holiday schedule), sweeps.

The gauges are read from the issue list read model at each scrape (so they are
right after a restart without replaying anything); "overdue" is as of the
injected clock's today.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import ClassVar
from weakref import WeakKeyDictionary

from prometheus_client import Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from issues.domain import LEVELS, OPEN_UNRESOLVED
from issues.projections import IssueRow
from servicekit.calendar import WorkingDayCalendar, statutory_years
from servicekit.core.clock import Clock
from servicekit.core.metrics import ServiceMetrics

# How far ahead to look for the first year the calendar does not know.
_YEARS_AHEAD = 10


class IssueGauges(Collector):
    def __init__(self, engine: Engine, clock: Clock, calendar: WorkingDayCalendar) -> None:
        self.engine = engine
        self.clock = clock
        self.calendar = calendar

    def _provisional(self, session: Session, today: date) -> int:
        """Open issues whose deadline was counted through a year without a schedule."""
        unknown = [
            year
            for year in range(statutory_years().start, today.year + _YEARS_AHEAD)
            if self.calendar.source_for_year(year) == "fallback"
        ]
        if not unknown:
            return 0
        rows = session.execute(
            select(IssueRow.raised_on, IssueRow.deadline).where(
                IssueRow.status != "closed", IssueRow.deadline >= date(unknown[0], 1, 1)
            )
        ).all()
        spans = self.calendar.fallback_years_between
        return sum(1 for raised_on, deadline in rows if spans(raised_on, deadline))

    def collect(self) -> Iterator[GaugeMetricFamily]:
        opened = GaugeMetricFamily("kpd_issues_open", "Open issues by level", labels=["level"])
        overdue = GaugeMetricFamily(
            "kpd_issues_overdue", "Issues past their deadline by level", labels=["level"]
        )
        supervised = GaugeMetricFamily(
            "kpd_issues_supervised", "Open issues under 13710 supervision"
        )
        provisional = GaugeMetricFamily(
            "kpd_issues_deadline_provisional",
            "Open issues whose deadline was counted Monday-Friday through a year whose "
            "statutory holidays are not loaded (the deadline may fall on a holiday)",
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
                provisional_count = self._provisional(session, today)
        except Exception:  # a scrape must not fail because the read store is away
            return
        open_by = {str(level): int(count) for level, count in open_rows}
        overdue_by = {str(level): int(count) for level, count in overdue_rows}
        for level in LEVELS:
            opened.add_metric([level], open_by.get(level, 0))
            overdue.add_metric([level], overdue_by.get(level, 0))
        supervised.add_metric([], int(supervised_count or 0))
        provisional.add_metric([], provisional_count)
        yield opened
        yield overdue
        yield supervised
        yield provisional

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
    def install(
        cls, metrics: ServiceMetrics, engine: Engine, clock: Clock, calendar: WorkingDayCalendar
    ) -> IssueMetrics:
        own = cls.of(metrics)
        if own.gauges is None:
            own.gauges = IssueGauges(engine, clock, calendar)
            metrics.registry.register(own.gauges)
        return own

    def observe_sweep(self, seconds: float) -> None:
        self.sweep_duration.observe(seconds)
