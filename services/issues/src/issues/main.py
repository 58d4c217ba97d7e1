"""Issues service entry points: ``create_app(settings)``, ``app_factory()``, ``migrate()``."""

from __future__ import annotations

from fastapi import FastAPI

from issues.api.routes import router
from issues.application import Issues
from issues.policies import handlers
from issues.translation import translate
from servicekit.http import build_http_app
from servicekit.infrastructure import Infrastructure
from servicekit.readmodel import create_read_engine, create_read_tables
from servicekit.runtime import ServiceParts
from servicekit.settings import ServiceSettings
from servicekit.store import build_env, create_store_tables


def build_parts(infra: Infrastructure) -> ServiceParts:
    settings = infra.settings
    app = Issues(env=build_env(settings))
    return ServiceParts(app=app, translate=translate, handlers=handlers(app))


def create_app(settings: ServiceSettings) -> FastAPI:
    return build_http_app(
        settings,
        title="kpd issues — 问题清单",
        description="Three-level problem list, escalation ladder, 13710 supervision.",
        parts_factory=build_parts,
        routers=[router],
    )


def app_factory() -> FastAPI:
    return create_app(ServiceSettings(service="issues"))


def migrate(settings: ServiceSettings) -> None:
    create_store_tables(settings, Issues)
    create_read_tables(create_read_engine(settings))
