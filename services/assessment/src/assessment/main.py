"""Assessment service entry points: ``create_app(settings)``, ``app_factory()``, ``migrate()``."""

from __future__ import annotations

from fastapi import FastAPI

from assessment.api.routes import router
from assessment.application import Assessment
from assessment.translation import translate
from servicekit.http import build_http_app
from servicekit.infrastructure import Infrastructure
from servicekit.readmodel import create_read_engine, create_read_tables
from servicekit.runtime import ServiceParts
from servicekit.settings import ServiceSettings
from servicekit.store import build_env, create_store_tables


def build_parts(infra: Infrastructure) -> ServiceParts:
    settings = infra.settings
    return ServiceParts(app=Assessment(env=build_env(settings)), translate=translate)


def create_app(settings: ServiceSettings) -> FastAPI:
    return build_http_app(
        settings,
        title="kpd assessment",
        description="kpd assessment service.",
        parts_factory=build_parts,
        routers=[router],
    )


def app_factory() -> FastAPI:
    return create_app(ServiceSettings(service="assessment"))


def migrate(settings: ServiceSettings) -> None:
    create_store_tables(settings, Assessment)
    create_read_tables(create_read_engine(settings))
