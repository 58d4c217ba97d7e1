"""The OpenAPI document lists the problem+json answers each route can really give."""

from __future__ import annotations

from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel

from servicekit.web.auth import Principal, PrincipalDep, Role, require_roles
from servicekit.web.dependencies import ContextDep
from servicekit.web.openapi_problems import install_problem_openapi
from servicekit.web.openapi_schema import PROBLEM_REF
from servicekit.web.problems import PROBLEM_MEDIA_TYPE
from servicekit.web.query_params import refuse_unknown_query
from servicekit.web.versioning import IfMatchDep

Office = Annotated[Principal, Depends(require_roles(Role.OFFICE))]


class NoteIn(BaseModel):
    text: str


@pytest.fixture
def document() -> dict[str, Any]:
    api = APIRouter()

    @api.get("/v1/things/{thing_id}")
    def thing(thing_id: str, principal: PrincipalDep) -> dict[str, str]:
        return {"id": thing_id}

    @api.post("/v1/things/{thing_id}/notes")
    def note(thing_id: str, body: NoteIn, _: Office, ctx: ContextDep, v: IfMatchDep) -> None:
        return None

    @api.get("/v1/limited", responses={429: {"description": "请求过于频繁"}})
    def limited() -> dict[str, str]:
        return {}

    @api.put("/v1/flags")
    def flags() -> None:
        return None

    @api.get("/v1/open")
    def open_route() -> dict[str, str]:
        return {}

    operations = APIRouter()

    @operations.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    app = FastAPI()
    app.include_router(operations)
    app.include_router(api, dependencies=[Depends(refuse_unknown_query)])
    install_problem_openapi(app)
    served: dict[str, Any] = TestClient(app).get("/openapi.json").json()
    assert served == app.openapi()
    return served


def statuses(document: dict[str, Any], path: str, method: str) -> list[str]:
    return sorted(document["paths"][path][method]["responses"])


def test_statuses_are_derived_from_each_route(document: dict[str, Any]) -> None:
    assert statuses(document, "/v1/things/{thing_id}", "get") == [
        "200", "400", "401", "403", "404", "422", "503",
    ]  # fmt: skip
    assert statuses(document, "/v1/things/{thing_id}/notes", "post") == [
        "200", "400", "401", "403", "404", "409", "412", "413", "422", "503",
    ]  # fmt: skip
    # A write that stores nothing and takes no body: no 409, no 413, no auth.
    assert statuses(document, "/v1/flags", "put") == ["200", "422", "503"]
    assert statuses(document, "/v1/open", "get") == ["200", "400", "422", "503"]


def test_a_status_the_route_declares_itself_is_a_problem_too(document: dict[str, Any]) -> None:
    limited = document["paths"]["/v1/limited"]["get"]["responses"]["429"]
    assert limited["description"] == "请求过于频繁"
    assert limited["content"] == {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}}


def test_routes_without_the_query_check_are_left_alone(document: dict[str, Any]) -> None:
    assert statuses(document, "/healthz", "get") == ["200"]


def test_every_problem_answer_is_problem_json(document: dict[str, Any]) -> None:
    seen = 0
    for operations in document["paths"].values():
        for operation in operations.values():
            for status, response in operation["responses"].items():
                if int(status) >= 400:
                    assert response["content"] == {
                        PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}
                    }
                    assert response["description"]
                    seen += 1
    assert seen > 10
    schemas = document["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert "ValidationError" not in schemas
    assert schemas["Problem"]["required"] == ["type", "title", "status", "detail"]
