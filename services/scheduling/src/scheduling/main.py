"""Scheduling service entry points: ``create_app(settings)``, ``app_factory()``, ``migrate()``."""

from __future__ import annotations

from fastapi import FastAPI

from scheduling.api import closed_sets
from scheduling.api.routes import routers
from scheduling.application import Scheduling
from scheduling.policies import handlers
from scheduling.policy import SchedulingPolicy
from scheduling.projections import SchedulingProjection
from scheduling.translation import translate
from servicekit.core.context import SYSTEM
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import create_store_tables
from servicekit.readside.readmodel import ProjectionRunner, create_read_engine, create_read_tables
from servicekit.runtime.infrastructure import Infrastructure
from servicekit.runtime.periodic import PeriodicWorker
from servicekit.runtime.service import BackgroundWorker, ServiceParts
from servicekit.web.http import build_http_app

# The service's section of the policy file, validated when the app is built.
POLICY = SchedulingPolicy


def build_parts(infra: Infrastructure[SchedulingPolicy]) -> ServiceParts:
    policy = infra.policy
    app = Scheduling(
        env=build_env(infra.settings), rules=policy, calendar=infra.calendar, clock=infra.clock
    )
    workers: list[BackgroundWorker] = [
        ProjectionRunner(app, infra.engine, SchedulingProjection(), infra.metrics),
        PeriodicWorker(
            "scheduling-sweep",
            policy.sweep_interval_seconds,
            lambda: app.sweep(SYSTEM, infra.clock.today()),
            describe=lambda flagged: (
                f"{len(flagged)} missing county reports flagged" if flagged else None
            ),
        ),
    ]
    return ServiceParts(app=app, translate=translate, handlers=handlers(app), workers=workers)


def create_app(settings: ServiceSettings) -> FastAPI:
    return build_http_app(
        settings,
        title="kpd scheduling — 会议调度",
        description="Meeting rhythm of the notice: calendars, agendas, minutes → issues, "
        "county meeting reports, compare-and-show tours, interviews.",
        policy=POLICY,
        parts_factory=build_parts,
        routers=routers,
        closed_sets=closed_sets.FIXED_SETS,
        live_sets=closed_sets.live_sets,
    )


def app_factory() -> FastAPI:
    """For ``uvicorn --factory scheduling.main:app_factory``: settings from ``KPD_*``."""
    return create_app(ServiceSettings(service="scheduling"))


def migrate(settings: ServiceSettings) -> None:
    """Create the event store and read-model tables (run once, before services start)."""
    create_store_tables(settings, Scheduling)
    create_read_tables(create_read_engine(settings))
