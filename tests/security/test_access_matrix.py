"""Role × route matrix over every business route of every service, from one table.

The table (``contracts.access.ACCESS``) is the reviewed contract: which roles a route
admits at all (object scopes are checked after that, on the loaded object). The
test fails when a route is missing from the table, when a role outside the table
gets anything but 403, when a route answers without a token, or when an auditor
or operator gets past the role check of a business write.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from contracts.access import ACCESS, ALL
from servicekit.dev.testing import local_settings, token_for
from servicekit.runtime.migrate import migrate_service
from servicekit.web.auth import Role

SERVICES = ("registry", "issues", "scheduling", "assessment", "notify")
SAMPLE = {
    "year": "2026",
    "month": "2026-03",
    "half": "h1",
    "county": "yaodu",
    "step": "project_code",
    "unit_id": "yaodu",
    "fmt": "csv",
}
# Writes that an operator may run: sweeps are operations, not business decisions.
OPERATOR_WRITES = {"/v1/admin/sweep"}


def api_routes(routes: list[Any]) -> list[APIRoute]:
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(api_routes(route.original_router.routes))
    return found


def concrete(path: str) -> str:
    return re.sub(r"\{(\w+)\}", lambda m: SAMPLE.get(m.group(1), str(uuid.uuid4())), path)


@pytest.fixture(scope="module")
def clients(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[dict[str, tuple[TestClient, Path]]]:
    opened: dict[str, tuple[TestClient, Path]] = {}
    try:
        for service in SERVICES:
            settings = local_settings(service, tmp_path_factory.mktemp(service))
            migrate_service(settings)
            module = __import__(f"{service}.main", fromlist=["create_app"])
            client = TestClient(module.create_app(settings))
            client.__enter__()
            opened[service] = (client, settings.dev_key_path)
        yield opened
    finally:
        for client, _ in opened.values():
            client.__exit__(None, None, None)


def routes_of(client: TestClient) -> set[tuple[str, str]]:
    return {
        (method, route.path)
        for route in api_routes(client.app.routes)  # type: ignore[attr-defined]
        if route.path.startswith("/v1")
        for method in route.methods
    }


def call(client: TestClient, method: str, path: str, token: str | None) -> int:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = client.request(
        method, concrete(path), headers=headers, json={} if method != "GET" else None
    )
    assert response.status_code < 500, (method, path, response.text[:300])
    return response.status_code


def test_every_route_is_in_the_table(clients: dict[str, tuple[TestClient, Path]]) -> None:
    live = {(s, m, p) for s, (c, _) in clients.items() for m, p in routes_of(c)}
    assert live - set(ACCESS) == set(), "routes missing from contracts.access.ACCESS"
    assert set(ACCESS) - live == set(), "table rows for routes that no longer exist"


def test_no_token_is_401_everywhere(clients: dict[str, tuple[TestClient, Path]]) -> None:
    for service, method, path in ACCESS:
        client, _ = clients[service]
        assert call(client, method, path, None) == 401, (service, method, path)


def test_roles_outside_the_table_get_403(clients: dict[str, tuple[TestClient, Path]]) -> None:
    checked = 0
    for (service, method, path), allowed in ACCESS.items():
        client, key = clients[service]
        for role in Role:
            admitted = allowed == ALL or str(role) in allowed
            token = token_for(key, role, unit="unit-of-nobody")
            status = call(client, method, path, token)
            if not admitted:
                assert status == 403, (service, method, path, str(role), status)
                checked += 1
    assert checked > 100


def test_auditor_and_operator_never_pass_a_business_write(
    clients: dict[str, tuple[TestClient, Path]],
) -> None:
    for (service, method, path), allowed in ACCESS.items():
        if method == "GET":
            continue
        client, key = clients[service]
        assert allowed != ALL, f"{service} {method} {path}: a write must name its roles"
        assert "auditor" not in allowed, (service, path)
        if path not in OPERATOR_WRITES:
            assert "operator" not in allowed, (service, path)
        status = call(client, method, path, token_for(key, Role.AUDITOR))
        assert status == 403, (service, method, path, status)
