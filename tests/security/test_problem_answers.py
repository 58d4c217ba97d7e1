"""Every service's problem answers describe themselves (issue #22), in process: an
unknown query parameter is a 422 naming it, a refused role a 403 naming the roles that
may, and the OpenAPI document states the Problem answers of every operation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

import pytest

from tests.problem_support import (
    ServiceApi,
    assert_forbidden_names_roles,
    assert_openapi_states_problems,
    assert_unknown_query_refused,
    running,
)


class Probe(NamedTuple):
    list_path: str  # a list route, and one parameter it does accept
    accepted: str
    method: str  # a route the role below may not call
    route: str
    refused_role: str
    path: str | None = None  # the route with its path parameters filled in


PROBES = {
    "registry": Probe("/v1/projects", "county", "POST", "/v1/projects", "auditor"),
    "issues": Probe("/v1/issues", "county", "POST", "/v1/issues", "auditor"),
    "scheduling": Probe("/v1/meetings", "county", "GET", "/v1/meetings", "operator"),
    "assessment": Probe(
        "/v1/audit/events", "after", "GET", "/v1/notices/{month}", "operator",
        "/v1/notices/2026-03",
    ),
    "notify": Probe("/v1/inbox", "limit", "GET", "/v1/deliveries", "county"),
}  # fmt: skip


@pytest.fixture(scope="module", params=sorted(PROBES))
def service(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[ServiceApi, Probe]]:
    name = str(request.param)
    with running(name, tmp_path_factory.mktemp(f"{name}-problems")) as api:
        yield api, PROBES[name]


def test_an_unknown_query_parameter_is_refused(service: tuple[ServiceApi, Probe]) -> None:
    api, probe = service
    assert_unknown_query_refused(api, probe.list_path, probe.accepted)


def test_a_refused_role_is_told_which_roles_may(service: tuple[ServiceApi, Probe]) -> None:
    api, probe = service
    assert_forbidden_names_roles(api, probe.method, probe.route, probe.refused_role, probe.path)


def test_the_openapi_document_describes_problem_answers(
    service: tuple[ServiceApi, Probe],
) -> None:
    assert_openapi_states_problems(service[0])
