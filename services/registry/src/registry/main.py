"""Registry service entry points: ``create_app(settings)``, ``app_factory()``, ``migrate()``."""

from __future__ import annotations

from fastapi import FastAPI

from registry.api import (
    approval_routes,
    closed_sets,
    history_routes,
    import_routes,
    list_routes,
    org_routes,
    photo_routes,
    project_list,
    routes,
    unit_routes,
)
from registry.api.upload import MAX_OVERHEAD_BYTES
from registry.application import Registry, SweepReport, seed_organisation
from registry.metrics import install_project_gauges
from registry.photos import MAX_PHOTO_BYTES, PhotoStore
from registry.policies import handlers
from registry.policy import RegistryPolicy
from registry.projections import ApprovalsProjection, ProjectsProjection
from registry.translation import translate
from servicekit.core.context import SYSTEM
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import create_store_tables
from servicekit.readside.readmodel import ProjectionRunner, create_read_engine, create_read_tables
from servicekit.runtime.infrastructure import Infrastructure
from servicekit.runtime.periodic import PeriodicWorker
from servicekit.runtime.service import BackgroundWorker, ServiceParts
from servicekit.web.body_limit import BodyLimit
from servicekit.web.http import build_http_app

# The service's section of the policy file, validated when the app is built.
POLICY = RegistryPolicy


def build_parts(infra: Infrastructure[RegistryPolicy]) -> ServiceParts:
    settings = infra.settings
    rules = infra.policy
    app = Registry(
        env=build_env(settings),
        rules=rules,
        calendar=infra.calendar,
        clock=infra.clock,
        org_refresh_interval_s=settings.org_refresh_interval_s,
    )
    install_project_gauges(infra.metrics.registry, infra.engine, infra.clock, infra.calendar, rules)
    # First start loads the organisation as events; later starts find it and add nothing.
    app.load_organisation(SYSTEM, seed_organisation(), on=infra.clock.today())
    workers: list[BackgroundWorker] = [
        ProjectionRunner(app, infra.engine, ProjectsProjection(), infra.metrics),
        ProjectionRunner(app, infra.engine, ApprovalsProjection(), infra.metrics),
        # A start (or restart) records nothing by itself: the first sweep waits one interval.
        PeriodicWorker(
            "registry-sweep",
            rules.sweep_interval_seconds,
            lambda: app.sweep(SYSTEM, app.clock.today()),
            describe=SweepReport.summary,
            first_after_interval=True,
        ),
    ]
    return ServiceParts(app=app, translate=translate, handlers=handlers(app), workers=workers)


def create_app(settings: ServiceSettings) -> FastAPI:
    app = build_http_app(
        settings,
        title="kpd registry — 重点工程项目登记",
        description=(
            "Organisation (组织机构), key projects (重点工程项目), year lists (年度名单), "
            "monthly progress (月度进度), sponsorship (包联), fast-track approval clocks "
            "(便捷审批) and warnings (红黄绿灯)."
        ),
        policy=POLICY,
        parts_factory=build_parts,
        routers=[
            org_routes.router,
            project_list.router,
            routes.router,
            history_routes.router,
            approval_routes.router,
            approval_routes.steps_router,
            unit_routes.router,
            import_routes.router,
            list_routes.router,
            photo_routes.router,
        ],
        # A photo streams in under its own limit (api/upload.py), checked again here.
        body_limits=[
            BodyLimit(r"/v1/photos", MAX_PHOTO_BYTES + MAX_OVERHEAD_BYTES),
            BodyLimit(r"/v1/imports/", import_routes.MAX_IMPORT_BYTES + MAX_OVERHEAD_BYTES),
        ],
        closed_sets=closed_sets.FIXED_SETS,
        live_sets=closed_sets.live_sets,
    )
    # Report photos, content-addressed, beside the service's other files.
    app.state.photos = PhotoStore(settings.var_dir / "photos")
    return app


def app_factory() -> FastAPI:
    """For ``uvicorn --factory registry.main:app_factory``: settings from ``KPD_*``."""
    return create_app(ServiceSettings(service="registry"))


def migrate(settings: ServiceSettings) -> None:
    """Create the event store and read-model tables (run once, before services start)."""
    create_store_tables(settings, Registry)
    create_read_tables(create_read_engine(settings))
