"""Registry service entry points: ``create_app(settings)``, ``app_factory()``, ``migrate()``."""

from __future__ import annotations

from fastapi import FastAPI

from registry.api.routes import router
from registry.application import Registry, seed_organisation
from registry.projections import ProjectsProjection
from registry.translation import translate
from servicekit.context import SYSTEM
from servicekit.http import build_http_app
from servicekit.infrastructure import Infrastructure
from servicekit.readmodel import ProjectionRunner, create_read_engine, create_read_tables
from servicekit.runtime import ServiceParts
from servicekit.settings import ServiceSettings
from servicekit.store import build_env, create_store_tables


def build_parts(infra: Infrastructure) -> ServiceParts:
    settings = infra.settings
    app = Registry(env=build_env(settings))
    # First start loads the organisation as events; later starts find it and add nothing.
    app.load_organisation(SYSTEM, seed_organisation(), on=infra.clock.today())
    projections = [ProjectionRunner(app, infra.engine, ProjectsProjection(), infra.metrics)]
    return ServiceParts(app=app, translate=translate, workers=projections)


def create_app(settings: ServiceSettings) -> FastAPI:
    return build_http_app(
        settings,
        title="kpd registry — 重点工程项目登记",
        description="Organisation, projects, year lists, progress, sponsorship, approval clocks.",
        parts_factory=build_parts,
        routers=[router],
    )


def app_factory() -> FastAPI:
    """For ``uvicorn --factory registry.main:app_factory``: settings from ``KPD_*``."""
    return create_app(ServiceSettings(service="registry"))


def migrate(settings: ServiceSettings) -> None:
    """Create the event store and read-model tables (run once, before services start)."""
    create_store_tables(settings, Registry)
    create_read_tables(create_read_engine(settings))
