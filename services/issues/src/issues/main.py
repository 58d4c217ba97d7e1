"""Issues service entry points: ``create_app(settings)``, ``app_factory()``, ``migrate()``."""

from __future__ import annotations

from fastapi import FastAPI

from issues.api import admin_routes, closed_sets, command_routes, exports, list_routes, routes
from issues.application import Issues, SweepReport
from issues.metrics import IssueMetrics
from issues.policies import handlers
from issues.policy import IssuesPolicy
from issues.projections import IssuesProjection
from issues.translation import make_translator
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
POLICY = IssuesPolicy


def build_parts(infra: Infrastructure[IssuesPolicy]) -> ServiceParts:
    rules = infra.policy
    app = Issues(
        env=build_env(infra.settings), rules=rules, calendar=infra.calendar, clock=infra.clock
    )
    metrics = IssueMetrics.install(infra.metrics, infra.engine, infra.clock, infra.calendar)
    workers: list[BackgroundWorker] = [
        ProjectionRunner(app, infra.engine, IssuesProjection(), infra.metrics),
        PeriodicWorker(
            "issues-sweep",
            rules.sweep_interval_seconds,
            lambda: app.sweep(SYSTEM, app.clock.today()),
            describe=SweepReport.summary,
            observe=metrics.observe_sweep,
        ),
    ]
    return ServiceParts(
        app=app, translate=make_translator(app), handlers=handlers(app), workers=workers
    )


def create_app(settings: ServiceSettings) -> FastAPI:
    return build_http_app(
        settings,
        title="kpd issues — 问题清单",
        description=(
            "Three-level problem list (问题清单, 三级联动), escalation ladder (逐级升级) with "
            "statutory working-day deadlines, follow-up and close-out by the project unit "
            "(回访、清零销号), and 13710 supervision (督办)."
        ),
        policy=POLICY,
        parts_factory=build_parts,
        routers=[
            routes.router,
            command_routes.router,
            list_routes.router,
            exports.router,
            admin_routes.router,
        ],
        closed_sets=closed_sets.FIXED_SETS,
        live_sets=closed_sets.live_sets,
    )


def app_factory() -> FastAPI:
    """For ``uvicorn --factory issues.main:app_factory``: settings from ``KPD_*``."""
    return create_app(ServiceSettings(service="issues"))


def migrate(settings: ServiceSettings) -> None:
    """Create the event store and read-model tables (run once, before services start)."""
    create_store_tables(settings, Issues)
    create_read_tables(create_read_engine(settings))
