"""The notify service's own 422s for the inbox's paging (found by the fuzz test); the problem
answers every service shares are tested in tests/security/test_problem_answers.py."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.problem_support import (
    ServiceApi,
    running,
)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceApi]:
    with running("notify", tmp_path_factory.mktemp("notify-problems")) as api:
        yield api


def test_an_offset_beyond_any_inbox_is_a_422_not_a_500(service: ServiceApi) -> None:
    """Found by the fuzz test: the integer reached SQLite and overflowed."""
    headers = service.auth("county", "yaodu")
    huge = service.client.get("/v1/inbox", params={"offset": 2**63}, headers=headers)
    assert huge.status_code == 422, huge.text
    assert huge.json()["errors"][0]["field"] == "query.offset"
    assert service.client.get("/v1/inbox", params={"offset": 40}, headers=headers).is_success
