"""Optimistic concurrency at the HTTP edge: ``If-Match: <version>`` and ``ETag``.

A client that read version N sends ``If-Match: "N"``; if the aggregate moved on,
the command is refused with 412 instead of silently overwriting what it did not
see. Two commands racing on the same version are caught by the store (409).
"""

from __future__ import annotations

from typing import Annotated, Protocol

from fastapi import Depends, Request, Response

from servicekit.core.context import expect_version
from servicekit.web.problems import PreconditionFailedError, ProblemError


class Versioned(Protocol):
    @property
    def version(self) -> int: ...


async def if_match(request: Request) -> int | None:
    """The version named by ``If-Match`` (None when absent or ``*``)."""
    raw = request.headers.get("if-match")
    if raw is None or raw.strip() == "*":
        return None
    value = raw.strip().removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 12:
        raise ProblemError(
            "If-Match 必须是对象版本号 / If-Match must carry the object's version number",
            status=400,
            slug="invalid-if-match",
            title="请求头无效 / Invalid header",
            errors=[{"field": "header.If-Match", "message": 'expected a version such as "3"'}],
        )
    return int(value)


IfMatchDep = Annotated[int | None, Depends(if_match)]


def check_version(aggregate: Versioned, expected: int | None) -> None:
    """Refuse now if stale, and make the coming save of this aggregate conditional too."""
    aggregate_id = getattr(aggregate, "id", None)
    if aggregate_id is not None:
        expect_version(aggregate_id, expected)
    if expected is not None and aggregate.version != expected:
        raise PreconditionFailedError(
            f"对象已被修改:当前版本 {aggregate.version},If-Match 为 {expected} / "
            f"the object is at version {aggregate.version}, not {expected}; reload and retry"
        )


def set_etag(response: Response, version: int) -> None:
    response.headers["ETag"] = f'"{version}"'
