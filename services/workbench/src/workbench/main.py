"""Workbench entry points: ``create_app(settings)``, ``app_factory()``, ``migrate()``."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from servicekit.calendar import WorkingDayCalendar
from servicekit.core.logs import configure_logging
from servicekit.core.metrics import ServiceMetrics
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.ownership import sole_owner
from servicekit.eventstore.store import create_store_tables
from servicekit.runtime.service import ServiceParts, ServiceRuntime
from servicekit.web.body_limit import BodyLimit, BodyLimitMiddleware
from servicekit.web.red import RedMetricsMiddleware
from workbench.cookies import SecurityHeadersMiddleware, SessionCookieMiddleware
from workbench.directory import UserDirectory
from workbench.errors import install_error_pages
from workbench.legacy import adopt_legacy_table
from workbench.pages import ROUTERS
from workbench.pages.project_reports import REPORT_FORM_PATH
from workbench.sessions import SessionManager
from workbench.settings import WorkbenchSettings
from workbench.throttle import LoginThrottle
from workbench.translation import make_translator
from workbench.upstream import Api
from workbench.web import PACKAGE_DIR, build_templates


def create_app(settings: WorkbenchSettings, directory: UserDirectory | None = None) -> FastAPI:
    configure_logging(settings.service, settings.log_level)
    metrics = ServiceMetrics(settings.service)
    users = directory or UserDirectory(env=build_env(settings))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with httpx.AsyncClient(limits=httpx.Limits(max_connections=50)) as client:
            app.state.api = Api(settings, client)
            if directory is not None:  # a directory handed in (tests): no bus, no relay
                yield
                return
            # The directory's log is published like any service's (only the access
            # changes leave it: workbench.translation) and signed in checkpoints.
            with sole_owner(settings):
                parts = ServiceParts(app=users, translate=make_translator(users))
                runtime = ServiceRuntime(settings, parts, metrics)
                app.state.runtime = runtime
                await runtime.start()
                try:
                    yield
                finally:
                    await runtime.stop()  # closes the directory too

    app = FastAPI(
        title="kpd workbench — 重点工程项目调度工作台",
        version="1.0.0",
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url=None,
    )
    app.state.settings = settings
    app.state.directory = users
    app.state.sessions = SessionManager(settings, users)
    app.state.throttle = LoginThrottle(
        settings.login_max_failures, settings.login_window_s, settings.login_lock_s
    )
    app.state.templates = build_templates()
    app.state.working_day_calendar = WorkingDayCalendar.configured(settings.calendar_overrides_file)
    install_error_pages(app)
    app.add_middleware(SessionCookieMiddleware)
    app.add_middleware(
        BodyLimitMiddleware,
        limit=settings.http_max_body_bytes,
        overrides=[BodyLimit(REPORT_FORM_PATH, settings.report_form_max_bytes)],
        html=True,
    )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RedMetricsMiddleware, metrics=metrics)
    app.mount("/static", StaticFiles(directory=PACKAGE_DIR / "static"), name="static")

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @app.get("/readyz", include_in_schema=False)
    def readyz() -> JSONResponse:
        try:
            users.max_notification_id()
        except Exception:  # any store failure means not ready; the reason is in the log
            return JSONResponse({"status": "unavailable", "directory": False}, status_code=503)
        return JSONResponse({"status": "ready", "directory": True})

    @app.get("/metrics", include_in_schema=False)
    def prometheus() -> Response:
        return Response(generate_latest(metrics.registry), media_type=CONTENT_TYPE_LATEST)

    for router in ROUTERS:
        app.include_router(router)
    return app


def app_factory() -> FastAPI:
    """For ``uvicorn --factory workbench.main:app_factory``: settings from ``KPD_*``."""
    return create_app(WorkbenchSettings())


def migrate(settings: ServiceSettings) -> None:
    """Create the user directory's event store (run once, before the workbench starts)."""
    adopt_legacy_table(settings)
    create_store_tables(settings, UserDirectory)
