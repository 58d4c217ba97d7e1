"""Checks every service's HTTP tests share: its problem answers describe themselves.

A service runs in process (TestClient, SQLite under tmp, no NATS), as in
``tests/security``. Each check asserts one promise of issue #22: an unknown query
parameter is a 422 naming it, a 403 names the roles that may (exactly those of the
reviewed table ``contracts.access.ACCESS``), and the OpenAPI document describes the
problem answers with the ``Problem`` schema instead of FastAPI's ``HTTPValidationError``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from contracts.access import ACCESS
from servicekit.dev.testing import local_settings, token_for
from servicekit.runtime.migrate import migrate_service
from servicekit.web.problems import PROBLEM_MEDIA_TYPE

PROBLEM_REF = "#/components/schemas/Problem"


@dataclass
class ServiceApi:
    service: str
    client: TestClient
    key_path: Path

    def auth(self, role: str = "office", unit: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(self.key_path, role, unit)}"}


@contextmanager
def running(service: str, var_dir: Path) -> Iterator[ServiceApi]:
    settings = local_settings(service, var_dir)
    migrate_service(settings)
    module = __import__(f"{service}.main", fromlist=["create_app"])
    with TestClient(module.create_app(settings)) as client:
        yield ServiceApi(service, client, settings.dev_key_path)


def assert_unknown_query_refused(api: ServiceApi, path: str, declared: str) -> None:
    """``path?nonsense=1`` is a 422 naming ``nonsense``; ``declared`` alone is accepted."""
    headers = api.auth()
    refused = api.client.get(path, params={"nonsense": "1", declared: "1"}, headers=headers)
    assert refused.status_code == 422, refused.text
    assert refused.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = refused.json()
    assert body["unknown_parameters"] == ["nonsense"]
    assert declared in body["accepted_parameters"]
    assert "nonsense" not in body["accepted_parameters"]
    assert {"field": "query.nonsense", "message": "不接受的查询参数 / unknown query parameter"} in (
        body["errors"]
    )
    assert "不接受查询参数 nonsense" in body["detail"]


def assert_forbidden_names_roles(
    api: ServiceApi, method: str, path: str, role: str, concrete_path: str | None = None
) -> None:
    """``role`` (outside the table) gets a 403 listing exactly the table's roles."""
    allowed = ACCESS[(api.service, method, path)]
    assert isinstance(allowed, list), "pick a route that names its roles"
    assert role not in allowed
    response = api.client.request(
        method,
        concrete_path or path,
        headers=api.auth(role, "unit-of-nobody"),
        json={} if method != "GET" else None,
    )
    assert response.status_code == 403, response.text
    body = response.json()
    assert sorted(body["allowed_roles"]) == sorted(allowed)
    assert body["detail"].startswith("当前角色无权执行此操作，仅限：")


def assert_openapi_states_problems(api: ServiceApi) -> None:
    """No ``HTTPValidationError``; every API operation's 422 (and other errors) is a Problem."""
    document: dict[str, Any] = api.client.get("/openapi.json").json()
    assert "HTTPValidationError" not in json.dumps(document)
    assert "Problem" in document["components"]["schemas"]
    operations = 0
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            if not path.startswith("/v1/"):
                continue
            operations += 1
            assert "422" in responses, (method, path)
            for status, response in responses.items():
                if int(status) >= 400:
                    schema = response["content"][PROBLEM_MEDIA_TYPE]["schema"]
                    assert schema == {"$ref": PROBLEM_REF}, (method, path, status)
            if "security" in operation:
                assert {"401", "403"} <= set(responses), (method, path)
            if "{" in path:
                assert "404" in responses, (method, path)
    assert operations > 0
