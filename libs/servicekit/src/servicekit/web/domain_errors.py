"""Domain refusals as problem+json, written once for every service's routes.

Each service names, in order, which of its domain exceptions mean "unknown"
(404), "bad input" (422, naming the field the exception carries), "not you"
(403) and "not now" (409); the first match wins, so a subclass listed before
its base keeps its own meaning.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Literal

from servicekit.web.problems import (
    ConflictError,
    ForbiddenError,
    NotFoundError,
    ProblemError,
    UnprocessableError,
)

Kind = Literal["not_found", "unprocessable", "forbidden", "conflict"]
ErrorMap = Sequence[tuple[type[Exception], Kind]]


def problem_for(exc: Exception, kind: Kind) -> ProblemError:
    detail = str(exc)
    if kind == "not_found":
        return NotFoundError(detail)
    if kind == "forbidden":
        return ForbiddenError(detail)
    if kind == "conflict":
        return ConflictError(detail)
    field = getattr(exc, "field", None)
    name = f"body.{field}" if field else "body"
    return UnprocessableError(detail, errors=[{"field": name, "message": detail}])


@contextmanager
def problems_from(mapping: ErrorMap) -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        for error_type, kind in mapping:
            if isinstance(exc, error_type):
                raise problem_for(exc, kind) from exc
        raise
