"""Undeclared query parameters are refused with a 422 naming them and the accepted ones."""

from __future__ import annotations

from typing import Annotated

import pytest
from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.testclient import TestClient
from pydantic import BaseModel

from servicekit.web.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers
from servicekit.web.query_params import refuse_unknown_query


class Window(BaseModel):
    first: int = 0
    size: int = 10


def paging(limit: Annotated[int, Query(ge=1)] = 50, offset: int = 0) -> tuple[int, int]:
    return limit, offset


Paging = Annotated[tuple[int, int], Depends(paging)]


def tenant(tenant: str = "") -> str:
    return tenant


@pytest.fixture
def client() -> TestClient:
    router = APIRouter()

    @router.get("/v1/items")
    def items(
        page: Paging, since: Annotated[str | None, Query(alias="from")] = None
    ) -> dict[str, object]:
        return {"page": list(page), "from": since}

    @router.get("/v1/windows")
    def windows(window: Annotated[Window, Query()]) -> dict[str, int]:
        return window.model_dump()

    @router.get("/v1/tenant")
    def tenant_route() -> dict[str, str]:
        return {}

    outer = APIRouter()
    # An inclusion's own dependency declares a parameter for every route it includes.
    outer.include_router(router, dependencies=[Depends(tenant)])
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(outer, dependencies=[Depends(refuse_unknown_query)])
    return TestClient(app)


def test_declared_parameters_pass_also_through_dependencies_and_aliases(
    client: TestClient,
) -> None:
    response = client.get("/v1/items", params={"limit": 5, "offset": 2, "from": "x"})
    assert response.status_code == 200
    assert response.json() == {"page": [5, 2], "from": "x"}


def test_an_unknown_parameter_is_a_422_naming_it_and_the_accepted_ones(
    client: TestClient,
) -> None:
    response = client.get("/v1/items", params={"limit": 5, "nonsense": 1, "since": "x"})
    assert response.status_code == 422
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    body = response.json()
    assert body["type"].endswith("/invalid-request")
    assert body["unknown_parameters"] == ["nonsense", "since"]
    assert body["accepted_parameters"] == ["from", "tenant", "limit", "offset"]
    assert [error["field"] for error in body["errors"]] == ["query.nonsense", "query.since"]
    assert "不接受查询参数 nonsense、since" in body["detail"]


def test_fields_of_a_query_model_are_accepted_one_by_one(client: TestClient) -> None:
    assert client.get("/v1/windows", params={"first": 3, "size": 4}).json() == {
        "first": 3,
        "size": 4,
    }
    refused = client.get("/v1/windows", params={"first": 3, "window": 1})
    assert refused.status_code == 422
    assert refused.json()["unknown_parameters"] == ["window"]


def test_parameters_of_an_inclusions_dependencies_are_accepted(client: TestClient) -> None:
    assert client.get("/v1/tenant", params={"tenant": "yaodu"}).status_code == 200
    refused = client.get("/v1/tenant?x=1&x=2")
    assert refused.status_code == 422
    assert refused.json()["unknown_parameters"] == ["x"]
    assert refused.json()["accepted_parameters"] == ["tenant"]


def test_a_route_without_parameters_says_it_takes_none() -> None:
    router = APIRouter()

    @router.get("/v1/plain")
    def plain() -> dict[str, str]:
        return {"ok": "yes"}

    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(router, dependencies=[Depends(refuse_unknown_query)])
    client = TestClient(app)
    assert client.get("/v1/plain").status_code == 200
    refused = client.get("/v1/plain?x=1")
    assert refused.status_code == 422
    assert refused.json()["accepted_parameters"] == []
    assert "本接口没有查询参数" in refused.json()["detail"]
