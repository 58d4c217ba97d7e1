"""The notify service's problem answers describe themselves (issue #22), in process."""

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
    with running("notify", tmp_path_factory.mktemp("notify-problems")) as api:
        yield api


def test_an_unknown_query_parameter_of_the_inbox_is_refused(service: ServiceApi) -> None:
    assert_unknown_query_refused(service, "/v1/inbox", "limit")


def test_a_refused_role_is_told_which_roles_may(service: ServiceApi) -> None:
    assert_forbidden_names_roles(service, "GET", "/v1/deliveries", "county")


def test_the_openapi_document_describes_problem_answers(service: ServiceApi) -> None:
    assert_openapi_states_problems(service)


def test_an_offset_beyond_any_inbox_is_a_422_not_a_500(service: ServiceApi) -> None:
    """Found by the fuzz test: the integer reached SQLite and overflowed."""
    headers = service.auth("county", "yaodu")
    huge = service.client.get("/v1/inbox", params={"offset": 2**63}, headers=headers)
    assert huge.status_code == 422, huge.text
    assert huge.json()["errors"][0]["field"] == "query.offset"
    assert service.client.get("/v1/inbox", params={"offset": 40}, headers=headers).is_success
