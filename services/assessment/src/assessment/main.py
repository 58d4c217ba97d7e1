"""Assessment service entry points: ``create_app(settings)``, ``app_factory()``, ``migrate()``."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from assessment.api.ranking_export import router as ranking_export_router
from assessment.api.routes import refused, router
from assessment.api.year_routes import router as year_router
from assessment.application import Assessment
from assessment.brief.charts import CjkFontMissingError, ensure_cjk_font
from assessment.domain import AssessmentError
from assessment.metrics import FactsRefresher, PrometheusAssessmentMetrics
from assessment.policies import handlers
from assessment.policy import AssessmentPolicy
from assessment.ranking_gauges import install_ranking_gauges
from assessment.translation import translate
from contracts.labels import CONSEQUENCE_LABELS
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import create_store_tables
from servicekit.readside.readmodel import create_read_engine, create_read_tables
from servicekit.runtime.infrastructure import Infrastructure
from servicekit.runtime.service import ServiceParts
from servicekit.web.http import build_http_app
from servicekit.web.openapi_sets import ClosedSet
from servicekit.web.problems import ProblemError, problem_response

log = logging.getLogger("kpd.assessment")


# The service's section of the policy file, validated when the app is built.
POLICY = AssessmentPolicy


def build_parts(infra: Infrastructure[AssessmentPolicy]) -> ServiceParts:
    """The application, its consumers (registry, issues, scheduling) and the facts refresher."""
    try:
        ensure_cjk_font()
    except CjkFontMissingError as exc:
        # Rankings and notices need no font; brief downloads answer 503 with this message.
        log.error("%s", exc)
    metrics = PrometheusAssessmentMetrics.of(infra.metrics.registry)
    app = Assessment(
        env=build_env(infra.settings),
        rules=infra.policy,
        clock=infra.clock,
        metrics=metrics,
    )
    install_ranking_gauges(infra.metrics.registry, app)
    return ServiceParts(
        app=app,
        translate=translate,
        handlers=handlers(app),
        workers=[FactsRefresher(app, infra.metrics.projection_lag.labels("assessment", "facts"))],
    )


def create_app(settings: ServiceSettings) -> FastAPI:
    app = build_http_app(
        settings,
        title="kpd assessment — 考核通报",
        description=(
            "Monthly county rankings and notices (一月一通报) with reminders and interviews, "
            "the monthly brief for city leaders (一月一专报), and the year-end assessment."
        ),
        policy=POLICY,
        parts_factory=build_parts,
        # The export first: /rankings/{month} would take "2026-03.xlsx" as a month.
        routers=[ranking_export_router, router, year_router],
        closed_sets={"ConsequenceOut.kind": ClosedSet.of(CONSEQUENCE_LABELS)},
    )
    _answer_refusals(app)
    return app


def _answer_refusals(app: FastAPI) -> None:
    """A refusal a route does not catch itself is still a 409/422, never a 500.

    The policy's deployment dates admit months the domain refuses (it ranks
    2000–2100 only), and lookups such as ``app.notice(month)`` check the month
    outside the routes' ``try``: ``GET /v1/rankings/1990-01`` answered 500.
    """

    async def on_refusal(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, AssessmentError)
        problem = refused(exc)
        assert isinstance(problem, ProblemError)
        return problem_response(problem, request)

    app.add_exception_handler(AssessmentError, on_refusal)


def app_factory() -> FastAPI:
    """For ``uvicorn --factory assessment.main:app_factory``: settings from ``KPD_*``."""
    return create_app(ServiceSettings(service="assessment"))


def migrate(settings: ServiceSettings) -> None:
    """Create the event store and read-model tables (run once, before services start)."""
    create_store_tables(settings, Assessment)
    create_read_tables(create_read_engine(settings))
