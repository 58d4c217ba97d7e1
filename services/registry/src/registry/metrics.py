"""Business metrics of the registry: projects by stage, and by county and warning light.

Read from the projects read model at each scrape (right after a restart, nothing
replayed), for the business dashboard's 红黄绿灯 and stage panels. The approval
clocks' gauges (registry.approval_gauges) are installed with them.
"""

from __future__ import annotations

from collections.abc import Iterator
from weakref import WeakSet

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from registry.approval_gauges import ApprovalGauges
from registry.domain.stages import STAGES
from registry.policy import RegistryPolicy
from registry.projections.tables import ProjectRow
from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import Clock

LIGHTS = ("green", "yellow", "red")

# A service's lifespan may start more than once on one registry (tests): install once.
_INSTALLED: WeakSet[CollectorRegistry] = WeakSet()


class ProjectGauges(Collector):
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def collect(self) -> Iterator[GaugeMetricFamily]:
        stages = GaugeMetricFamily("kpd_projects", "Registered projects by stage", labels=["stage"])
        lights = GaugeMetricFamily(
            "kpd_project_lights",
            "Projects by county and their latest overall warning light (红黄绿灯)",
            labels=["county", "light"],
        )
        try:
            with Session(self.engine) as session:
                by_stage = session.execute(
                    select(ProjectRow.stage, func.count()).group_by(ProjectRow.stage)
                ).all()
                by_light = session.execute(
                    select(ProjectRow.county, ProjectRow.warning, func.count())
                    .where(ProjectRow.warning.is_not(None))
                    .group_by(ProjectRow.county, ProjectRow.warning)
                ).all()
        except Exception:  # a scrape must not fail because the read store is away
            return
        counted = {str(stage): int(count) for stage, count in by_stage}
        for stage in STAGES:
            stages.add_metric([stage], counted.get(stage, 0))
        for county, light, count in by_light:
            lights.add_metric([str(county), str(light)], int(count))
        yield stages
        yield lights

    def describe(self) -> Iterator[GaugeMetricFamily]:
        return iter(())


def install_project_gauges(
    registry: CollectorRegistry,
    engine: Engine,
    clock: Clock,
    calendar: WorkingDayCalendar,
    rules: RegistryPolicy,
) -> None:
    """Projects by stage and light, and the approval clocks (registry.approval_gauges)."""
    if registry not in _INSTALLED:
        registry.register(ProjectGauges(engine))
        registry.register(ApprovalGauges(engine, clock, calendar, rules))
        _INSTALLED.add(registry)
