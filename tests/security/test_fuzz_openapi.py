"""Schemathesis against each service's OpenAPI, in process, with a valid office token.

Generated requests — valid and invalid — must never produce a 5xx, and every
answer must match the schema the service publishes: its status is one the
operation documents (the problem statuses servicekit derives from each route),
its content type is documented, and its body matches the documented schema. The
app runs with its real store (SQLite under tmp) and no NATS: the HTTP edge must
stand on its own.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from starlette.testclient import TestClient

from servicekit.dev.testing import local_settings, token_for
from servicekit.runtime.migrate import migrate_service

EXAMPLES = int(os.environ.get("KPD_FUZZ_EXAMPLES", "15"))
SERVICES = ("registry", "issues", "scheduling", "assessment", "notify")


def _create_app(service: str) -> Any:
    module = __import__(f"{service}.main", fromlist=["create_app"])
    return module.create_app


def _schema(service: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    var_dir = tmp_path_factory.mktemp(f"fuzz-{service}")
    service_settings = local_settings(service, Path(var_dir))
    migrate_service(service_settings)
    app = _create_app(service)(service_settings)
    with TestClient(app):  # runs the lifespan: runtime, projections, relay waiting for NATS
        token = token_for(service_settings.dev_key_path, "office", user="fuzzer")
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        schema.config.headers = {"Authorization": f"Bearer {token}"}
        yield schema


FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


def _check(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, (
        f"{case.method} {case.formatted_path} → {response.status_code}: {response.text[:300]}"
    )
    case.validate_response(
        response,
        checks=[response_schema_conformance, status_code_conformance, content_type_conformance],
    )


@pytest.mark.parametrize("service", SERVICES)
def test_no_5xx_and_answers_match_the_schema(
    service: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """Drives every operation with generated cases (the pytest plugin's fixtures aside)."""
    operations = 0
    for schema in _schema(service, tmp_path_factory):
        for result in schema.get_all_operations():
            operation = result.ok()
            if operation.path == "/readyz":
                continue  # 503 without NATS is its documented answer, not a fault
            operations += 1

            @given(case=operation.as_strategy())
            @FUZZ
            def fuzz(case: Any) -> None:
                _check(case)

            fuzz()
    assert operations > 0
