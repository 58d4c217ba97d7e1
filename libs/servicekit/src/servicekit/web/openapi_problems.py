"""The OpenAPI document states the problem+json answers each operation really gives.

FastAPI documents a 422 ``HTTPValidationError`` that no kpd service ever sends (the
handlers in ``problems.py`` answer RFC 9457 documents) and nothing else. Here every
API operation gets the statuses its route can answer, derived from the route itself,
each with the shared ``Problem`` schema (``openapi_schema.py``):

* 401, 403 — it authenticates the caller (``bearer_principal``): no or a bad token,
  a role outside ``require_roles`` or an object outside the caller's scope;
* 404 — it has path parameters, which name the object it looks up;
* 400 — the request can be malformed beyond validation: a bad ``KPD-Min-Position``
  (reads), a bad ``Idempotency-Key`` (POST), an ``If-Match`` that is not a version,
  a body that does not parse;
* 409 — a POST (an ``Idempotency-Key`` still running, a domain rule, a store race)
  or another write that stores events (``command_context``);
* 412 — it takes ``If-Match``; 413 — it has a request body (the body limit);
* 422 — always: undeclared query parameters are refused (``query_params.py``);
* 503 — always: the store or the token keys may be unreachable, and a read may wait
  in vain for ``KPD-Min-Position``.

A status only the route itself knows of (a 415 for a photo's type, a 429 rate limit)
is declared on the route, ``responses={415: {"description": ...}}``, and gets the
``Problem`` schema here too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from servicekit.web.auth.dependencies import bearer_principal
from servicekit.web.dependencies import command_context
from servicekit.web.openapi_schema import PROBLEM_REF, PROBLEM_SCHEMA
from servicekit.web.problems import PROBLEM_MEDIA_TYPE, status_title
from servicekit.web.query_params import refuse_unknown_query
from servicekit.web.versioning import if_match

_READS = frozenset({"GET", "HEAD"})
_WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# FastAPI's own validation schemas, dropped once no operation refers to them.
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


def install_problem_openapi(app: FastAPI) -> None:
    """Make ``app.openapi()`` state the problem answers (generated once, then cached)."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            describe_problems(generate(), app)
        return app.openapi_schema or generate()

    app.openapi = openapi  # type: ignore[method-assign]


def describe_problems(document: dict[str, Any], app: FastAPI) -> None:
    """Add the problem responses of ``app``'s API routes to its OpenAPI ``document``."""
    paths = document.get("paths", {})
    for dependant, path, methods in _api_routes(app):
        for method in methods:
            operation = paths.get(path, {}).get(method.lower())
            if operation is not None:
                _describe(operation, method, dependant)
    components = document.setdefault("components", {}).setdefault("schemas", {})
    components["Problem"] = PROBLEM_SCHEMA
    if not _refers_to(document["paths"], _FASTAPI_VALIDATION_SCHEMAS):
        for name in _FASTAPI_VALIDATION_SCHEMAS:
            components.pop(name, None)


def problem_statuses(dependant: Dependant, method: str, has_body: bool) -> list[int]:
    """The error statuses an API route with ``dependant`` may answer to ``method``."""
    calls = set(_calls_in(dependant))
    statuses = {422, 503}
    if bearer_principal in calls:
        statuses |= {401, 403}
    if _has_path_params(dependant):
        statuses.add(404)
    if method in _READS or method == "POST" or if_match in calls or has_body:
        statuses.add(400)
    if method == "POST" or (method in _WRITES and command_context in calls):
        statuses.add(409)
    if if_match in calls:
        statuses.add(412)
    if has_body:
        statuses.add(413)
    return sorted(statuses)


def _describe(operation: dict[str, Any], method: str, dependant: Dependant) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    has_body = "requestBody" in operation
    for status in problem_statuses(dependant, method, has_body):
        documented = responses.get(str(status))
        # FastAPI's default 422 goes; a route's own description of a status stays.
        if documented is None or _refers_to(documented, _FASTAPI_VALIDATION_SCHEMAS):
            responses[str(status)] = {"description": status_title(status)}
    for code, response in responses.items():
        if code.isdigit() and int(code) >= 400 and "content" not in response:
            response["content"] = {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": PROBLEM_REF}}}


def _api_routes(app: FastAPI) -> Iterator[tuple[Dependant, str, set[str]]]:
    """Routes included with the unknown-query check: effective dependant, path, methods."""
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        dependant = getattr(context, "dependant", None)
        if not isinstance(route, APIRoute) or not isinstance(dependant, Dependant):
            continue
        if refuse_unknown_query in set(_calls_in(dependant)) and context.path:
            yield dependant, context.path, set(context.methods or ())


def _calls_in(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from _calls_in(sub)


def _has_path_params(dependant: Dependant) -> bool:
    return bool(dependant.path_params) or any(
        _has_path_params(sub) for sub in dependant.dependencies
    )


def _refers_to(node: Any, names: tuple[str, ...]) -> bool:
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.rsplit("/", 1)[-1] in names:
            return True
        return any(_refers_to(value, names) for value in node.values())
    if isinstance(node, list):
        return any(_refers_to(item, names) for item in node)
    return False
