"""Refuse query parameters a route does not declare, instead of silently ignoring them.

``GET /v1/meetings?kind=x`` used to answer every meeting: the caller believed it had
filtered. :func:`refuse_unknown_query` answers such a request with the same 422 as any
other validation failure, naming the unknown parameters and the accepted ones. What
a route accepts is read from FastAPI's own model of it (its dependant and those of
its dependencies), so the check and the published OpenAPI can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from servicekit.web.problems import invalid_request


def declared_query_names(dependant: Dependant) -> tuple[str, ...]:
    """The query parameter names ``dependant`` and its sub-dependencies read, in order."""
    return tuple(dict.fromkeys(_names_in(dependant)))


def accepted_by_route(app: FastAPI) -> dict[int, tuple[str, ...]]:
    """Each route's accepted names, keyed by ``id()`` of the route, built once per app.

    From the route as included (its effective dependant), so parameters of the
    dependencies an ``include_router`` adds count too; a route included twice
    accepts what either inclusion declares.
    """
    table: dict[int, tuple[str, ...]] | None = getattr(app.state, "accepted_query", None)
    if table is None:
        table = {}
        for context in iter_route_contexts(app.routes):
            dependant = getattr(context, "dependant", None)
            if isinstance(dependant, Dependant):
                key = id(context.original_route)
                names = [*table.get(key, ()), *declared_query_names(dependant)]
                table[key] = tuple(dict.fromkeys(names))
        app.state.accepted_query = table
    return table


def _names_in(dependant: Dependant) -> Iterator[str]:
    for field in dependant.query_params:
        model = field.field_info.annotation
        if isinstance(model, type) and issubclass(model, BaseModel):
            # ``Annotated[Filters, Query()]``: each field of the model is a parameter.
            for name, info in model.model_fields.items():
                yield info.alias or name
        else:
            yield field.alias
    for sub in dependant.dependencies:
        yield from _names_in(sub)


async def refuse_unknown_query(request: Request) -> None:
    """A route dependency: 422 when the query string names a parameter the route lacks.

    It runs before the route's own dependencies, authentication included: a request
    for parameters the route does not have is malformed whoever sends it (as an
    unknown path is a 404 before any token is looked at), and the accepted names it
    lists are those the public OpenAPI document already shows.
    """
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    accepted = accepted_by_route(request.app).get(id(route))
    if accepted is None:
        accepted = declared_query_names(route.dependant)
    unknown = [name for name in dict.fromkeys(request.query_params) if name not in accepted]
    if not unknown:
        return
    raise invalid_request(
        [
            {"field": f"query.{name}", "message": "不接受的查询参数 / unknown query parameter"}
            for name in unknown
        ],
        detail=_detail(unknown, accepted),
        extensions={"unknown_parameters": unknown, "accepted_parameters": list(accepted)},
    )


def _detail(unknown: list[str], accepted: tuple[str, ...]) -> str:
    refused = "、".join(unknown)
    if not accepted:
        return (
            f"不接受查询参数 {refused}：本接口没有查询参数 / "
            f"unknown query parameter(s) {', '.join(unknown)}; this route takes none"
        )
    return (
        f"不接受查询参数 {refused}；可用的查询参数：{'、'.join(accepted)} / "
        f"unknown query parameter(s) {', '.join(unknown)}; accepted: {', '.join(accepted)}"
    )
