"""Every error a service can meet answers with RFC 9457 problem+json, never a stack trace."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict

from servicekit.web.problems import (
    PROBLEM_MEDIA_TYPE,
    ConflictError,
    NotFoundError,
    PreconditionFailedError,
    ProblemError,
    ServiceUnavailableError,
    TooManyRequestsError,
    UnauthorizedError,
    install_problem_handlers,
    problem_type,
)

SECRET = "dsn=postgresql://kpd:s3cret@db/kpd"


class ProjectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    total_investment: Decimal


def build_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/v1/projects")
    def register(body: ProjectIn) -> dict[str, str]:
        return {"name": body.name, "total_investment": str(body.total_investment)}

    @app.get("/v1/conflict")
    def conflict() -> None:
        raise ConflictError("版本 3 已被修改", slug="version-conflict", extensions={"version": 4})

    @app.get("/v1/boom")
    def boom() -> None:
        raise RuntimeError(SECRET)

    return app


@pytest.fixture
def client() -> TestClient:
    # The server re-raises unexpected errors for its own log; we only look at the answer.
    return TestClient(build_app(), raise_server_exceptions=False)


def assert_problem(response: httpx.Response, status: int, slug: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert body["type"] == problem_type(slug)
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    return body


def test_valid_body_passes(client: TestClient) -> None:
    response = client.post("/v1/projects", json={"name": "汾河大桥", "total_investment": "12.5"})
    assert response.status_code == 200
    assert response.json() == {"name": "汾河大桥", "total_investment": "12.5"}


def test_unknown_field_is_422_naming_the_field(client: TestClient) -> None:
    response = client.post(
        "/v1/projects", json={"name": "a", "total_investment": "1", "status": "approved"}
    )
    body = assert_problem(response, 422, "invalid-request")
    assert [error["field"] for error in body["errors"]] == ["body.status"]
    assert "不允许的字段" in body["errors"][0]["message"]


def test_wrong_value_names_dotted_field_without_echoing_input(client: TestClient) -> None:
    huge = "x" * 100_000
    response = client.post("/v1/projects", json={"name": "a", "total_investment": huge})
    body = assert_problem(response, 422, "invalid-request")
    assert [error["field"] for error in body["errors"]] == ["body.total_investment"]
    assert "xxxxxxxxxx" not in response.text
    assert len(response.content) < 2_000


def test_missing_field_is_reported(client: TestClient) -> None:
    body = assert_problem(client.post("/v1/projects", json={"name": "a"}), 422, "invalid-request")
    assert [error["field"] for error in body["errors"]] == ["body.total_investment"]


@pytest.mark.parametrize("payload", [[1, 2], "text", 42, None])
def test_non_object_body_is_422(client: TestClient, payload: object) -> None:
    body = assert_problem(client.post("/v1/projects", json=payload), 422, "invalid-request")
    assert [error["field"] for error in body["errors"]] == ["body"]


def test_invalid_json_is_400(client: TestClient) -> None:
    response = client.post(
        "/v1/projects", content=b'{"name": "a",', headers={"content-type": "application/json"}
    )
    assert_problem(response, 400, "malformed-json")


def test_problem_error_keeps_slug_detail_and_extensions(client: TestClient) -> None:
    body = assert_problem(client.get("/v1/conflict"), 409, "version-conflict")
    assert body["detail"] == "版本 3 已被修改"
    assert body["version"] == 4
    assert body["instance"] == "/v1/conflict"


def test_unexpected_exception_is_generic_500(client: TestClient) -> None:
    response = client.get("/v1/boom", headers={"X-Correlation-ID": "req-42"})
    body = assert_problem(response, 500, "internal-error")
    assert "s3cret" not in response.text
    assert "RuntimeError" not in response.text
    assert "Traceback" not in response.text
    assert body["correlation_id"] == "req-42"


def test_unexpected_exception_is_logged_with_correlation_id(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    client.get("/v1/boom", headers={"X-Correlation-ID": "req-43"})
    records = [record for record in caplog.records if record.name == "servicekit.web.problems"]
    assert records
    assert getattr(records[0], "correlation_id", None) == "req-43"
    assert records[0].exc_info is not None


def test_unknown_route_is_404_problem(client: TestClient) -> None:
    assert_problem(client.get("/v1/nowhere"), 404, "not-found")


def test_wrong_method_is_405_problem_with_allow(client: TestClient) -> None:
    response = client.delete("/v1/projects")
    assert_problem(response, 405, "method-not-allowed")
    assert "POST" in response.headers["allow"]


@pytest.mark.parametrize(
    ("error", "status", "slug"),
    [
        (NotFoundError(), 404, "not-found"),
        (PreconditionFailedError(), 412, "precondition-failed"),
        (ServiceUnavailableError(retry_after_seconds=5), 503, "service-unavailable"),
        (UnauthorizedError(), 401, "unauthorized"),
    ],
)
def test_subclasses_fix_status_and_type(error: ProblemError, status: int, slug: str) -> None:
    assert error.status == status
    assert error.type == problem_type(slug)
    assert error.to_dict()["detail"] == error.title


def test_unauthorized_carries_bearer_challenge() -> None:
    error = UnauthorizedError("过期", bearer_error="invalid_token")
    assert error.headers["WWW-Authenticate"] == 'Bearer realm="kpd", error="invalid_token"'


def test_too_many_requests_sets_retry_after() -> None:
    assert TooManyRequestsError(retry_after_seconds=7).headers == {"Retry-After": "7"}


def test_extensions_may_not_replace_standard_members() -> None:
    with pytest.raises(ValueError, match="status"):
        ProblemError("x", extensions={"status": 200})
