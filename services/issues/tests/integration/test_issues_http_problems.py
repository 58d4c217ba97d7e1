"""The issues service's problem answers describe themselves (issue #22), in process."""

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
    with running("issues", tmp_path_factory.mktemp("issues-problems")) as api:
        yield api


def test_an_unknown_query_parameter_of_issue_list_is_refused(service: ServiceApi) -> None:
    assert_unknown_query_refused(service, "/v1/issues", "county")


def test_a_refused_role_is_told_which_roles_may(service: ServiceApi) -> None:
    assert_forbidden_names_roles(service, "POST", "/v1/issues", "auditor")


def test_the_openapi_document_describes_problem_answers(service: ServiceApi) -> None:
    assert_openapi_states_problems(service)
