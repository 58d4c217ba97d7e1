"""The assessment service's problem answers describe themselves (issue #22), in process."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.problem_support import (
    ServiceApi,
    assert_forbidden_names_roles,
    assert_openapi_states_problems,
    assert_unknown_query_refused,
    running,
)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceApi]:
    with running("assessment", tmp_path_factory.mktemp("assessment-problems")) as api:
        yield api


def test_an_unknown_query_parameter_of_audit_event_list_is_refused(service: ServiceApi) -> None:
    assert_unknown_query_refused(service, "/v1/audit/events", "after")


def test_a_refused_role_is_told_which_roles_may(service: ServiceApi) -> None:
    assert_forbidden_names_roles(
        service, "GET", "/v1/notices/{month}", "operator", "/v1/notices/2026-03"
    )


def test_the_openapi_document_describes_problem_answers(service: ServiceApi) -> None:
    assert_openapi_states_problems(service)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/v1/rankings/1990-01"),
        ("POST", "/v1/notices/1990-01"),
        ("GET", "/v1/assessments/1990"),
    ],
)
def test_a_month_the_domain_refuses_is_a_422_not_a_500(
    service: ServiceApi, method: str, path: str
) -> None:
    """The deployment dates admit 1990; the rankings start in 2000 (found by the fuzz test)."""
    response = service.client.request(method, path, headers=service.auth(), json=None)
    assert response.status_code == 422, response.text
    assert "年份超出范围" in response.json()["detail"]
