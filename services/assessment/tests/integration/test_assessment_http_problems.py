"""The assessment service's own 422s for months the rankings do not cover (found by the
fuzz test); the problem answers every service shares are in tests/security."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.problem_support import (
    ServiceApi,
    running,
)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceApi]:
    with running("assessment", tmp_path_factory.mktemp("assessment-problems")) as api:
        yield api


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
