"""``GET /asyncapi.json``: the service's own events, read from what the process really runs.

Published channels are the catalog's event types whose producer is this service;
consumed ones are the keys of the consumer handler tables the runtime was built
with (the service's own policies plus the checkpoints and access changes every
service keeps), so the document cannot list a subscription the code lacks, or
miss one it has. Built once per process, on the first request after start.
"""

from __future__ import annotations

from importlib.metadata import version as distribution_version
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from contracts.base import EventData
from contracts.catalog import CATALOG
from contracts.service_asyncapi import build_service_asyncapi
from servicekit.runtime.service import ServiceRuntime
from servicekit.web.problems import ServiceUnavailableError, problem_response

router = APIRouter(tags=["operations"])


def consumed_models(runtime: ServiceRuntime) -> list[type[EventData]]:
    """The event types the runtime's consumers handle, over every producer's stream."""
    return [CATALOG[name] for table in runtime.parts.handlers.values() for name in table]


def service_document(service: str, runtime: ServiceRuntime) -> dict[str, Any]:
    published = [model for model in CATALOG.values() if model.producer == service]
    return build_service_asyncapi(
        service,
        published=published,
        consumed=consumed_models(runtime),
        version=distribution_version("kpd-contracts"),
    )


@router.get(
    "/asyncapi.json",
    summary="本服务的 AsyncAPI 3.0 文档 / this service's AsyncAPI 3.0 document",
    description=(
        "本服务发布（send）与消费（receive）的 NATS 主题、消息与内联的负载 JSON Schema。"
        " / The NATS subjects this service publishes and consumes, their messages and"
        " inlined payload schemas."
    ),
    response_model=None,
    responses={503: {"description": "服务尚未启动完成 / not started yet"}},
)
def asyncapi(request: Request) -> JSONResponse:
    state = request.app.state
    cached: dict[str, Any] | None = getattr(state, "asyncapi_document", None)
    if cached is None:
        runtime: ServiceRuntime | None = getattr(state, "runtime", None)
        if runtime is None:
            # Consumers are known once the runtime is built (lifespan); say when to retry.
            problem = ServiceUnavailableError(
                "服务尚未启动完成 / not started yet; retry later",
                retry_after_seconds=state.settings.http_retry_after_s,
            )
            return problem_response(problem, request)
        cached = state.asyncapi_document = service_document(state.settings.service, runtime)
    return JSONResponse(cached)
