"""RFC 9457 problem details (``application/problem+json``), one implementation for all services.

Code raises a :class:`ProblemError` subclass; :func:`install_problem_handlers` turns it,
FastAPI's validation errors, Starlette's HTTP errors and any unexpected exception into a
problem document. The ``type`` URIs are stable English slugs that clients may switch on;
titles are for people, Chinese first. Nothing an exception says reaches the body of a 500.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.dates import DateOutOfRangeError

PROBLEM_MEDIA_TYPE = "application/problem+json"
PROBLEM_TYPE_BASE = "https://kpd.linfen.gov.cn/problems/"
_RESERVED_MEMBERS = frozenset({"type", "title", "status", "detail", "instance", "errors"})

logger = logging.getLogger(__name__)


def problem_type(slug: str) -> str:
    """The stable ``type`` URI of the problem named ``slug``."""
    return PROBLEM_TYPE_BASE + slug


class ProblemError(Exception):
    """An error that answers the request with a problem document.

    Subclasses fix ``status``, ``slug`` and ``title``; callers add a ``detail`` for this
    occurrence and may narrow the ``slug`` (e.g. ``"issue-not-open"``) so clients can
    tell rule violations apart. ``extensions`` become extra top-level members.
    """

    status: int = 500
    slug: str = "internal-error"
    title: str = "服务器内部错误 / Internal server error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        status: int | None = None,
        slug: str | None = None,
        title: str | None = None,
        errors: Sequence[Mapping[str, str]] | None = None,
        headers: Mapping[str, str] | None = None,
        extensions: Mapping[str, Any] | None = None,
    ) -> None:
        self.status = status if status is not None else type(self).status
        self.slug = slug if slug is not None else type(self).slug
        self.title = title if title is not None else type(self).title
        self.type = problem_type(self.slug)
        self.detail = detail if detail is not None else self.title
        self.errors = [dict(error) for error in errors] if errors is not None else None
        self.headers: dict[str, str] = dict(headers or {})
        self.extensions: dict[str, Any] = dict(extensions or {})
        clashing = _RESERVED_MEMBERS.intersection(self.extensions)
        if clashing:
            raise ValueError(f"extension members may not replace {sorted(clashing)}")
        super().__init__(self.detail)

    def to_dict(self, instance: str | None = None) -> dict[str, Any]:
        """The problem document; ``instance`` is the request path it answers."""
        body: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
        }
        if instance is not None:
            body["instance"] = instance
        if self.errors is not None:
            body["errors"] = self.errors
        body.update(self.extensions)
        return body


class NotFoundError(ProblemError):
    status, slug, title = 404, "not-found", "资源不存在 / Not found"


class ConflictError(ProblemError):
    status, slug, title = 409, "conflict", "与当前状态冲突 / Conflict"


class ForbiddenError(ProblemError):
    status, slug, title = 403, "forbidden", "无权执行此操作 / Forbidden"


class UnprocessableError(ProblemError):
    status, slug, title = 422, "unprocessable", "请求无法处理 / Unprocessable request"


class PreconditionFailedError(ProblemError):
    status, slug, title = 412, "precondition-failed", "版本已变化 / Precondition failed"


class UnauthorizedError(ProblemError):
    """401 with the RFC 6750 challenge; ``bearer_error`` is e.g. ``"invalid_token"``."""

    status, slug, title = 401, "unauthorized", "未认证或令牌无效 / Unauthorized"

    def __init__(self, detail: str | None = None, *, bearer_error: str | None = None) -> None:
        challenge = 'Bearer realm="kpd"'
        if bearer_error is not None:
            challenge += f', error="{bearer_error}"'
        super().__init__(detail, headers={"WWW-Authenticate": challenge})


class _RetryableError(ProblemError):
    def __init__(
        self, detail: str | None = None, *, retry_after_seconds: int | None = None
    ) -> None:
        headers = {} if retry_after_seconds is None else {"Retry-After": str(retry_after_seconds)}
        super().__init__(detail, headers=headers)


class ServiceUnavailableError(_RetryableError):
    status, slug, title = 503, "service-unavailable", "服务暂不可用 / Service unavailable"


class TooManyRequestsError(_RetryableError):
    status, slug, title = 429, "too-many-requests", "请求过于频繁 / Too many requests"


def problem_response(problem: ProblemError, request: Request) -> JSONResponse:
    """Render ``problem`` as the answer to ``request``."""
    return JSONResponse(
        problem.to_dict(instance=request.url.path),
        status_code=problem.status,
        headers=problem.headers,
        media_type=PROBLEM_MEDIA_TYPE,
    )


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error raised while serving ``app`` with problem+json."""

    def on_problem(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProblemError)
        if exc.status >= 500:
            logger.warning("problem %s: %s", exc.slug, exc.detail, extra=_log_context(request))
        if exc.status == 503 and "Retry-After" not in exc.headers:
            # Every 503 says when to come back; a cause without its own estimate uses
            # the service's setting.
            exc.headers["Retry-After"] = str(_retry_after_s(request))
        return problem_response(exc, request)

    def on_impossible_date(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, DateOutOfRangeError)
        detail = str(exc)
        problem = UnprocessableError(
            detail, slug="date-out-of-range", errors=[{"field": exc.field, "message": detail}]
        )
        return problem_response(problem, request)

    def on_validation(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, RequestValidationError)
        return problem_response(problem_from_validation_error(exc), request)

    def on_http(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, StarletteHTTPException)
        return problem_response(problem_from_http_exception(exc), request)

    def on_unexpected(request: Request, exc: Exception) -> JSONResponse:
        context = _log_context(request)
        logger.error("unhandled exception", exc_info=exc, extra=context)
        problem = ProblemError(
            "请求处理失败，请凭 correlation_id 联系运维 / "
            "The request failed; quote the correlation_id to the operators.",
            extensions={"correlation_id": context["correlation_id"]},
        )
        return problem_response(problem, request)

    app.add_exception_handler(ProblemError, on_problem)
    app.add_exception_handler(DateOutOfRangeError, on_impossible_date)
    app.add_exception_handler(RequestValidationError, on_validation)
    app.add_exception_handler(StarletteHTTPException, on_http)
    # Starlette runs this from its outermost middleware (and then re-raises for the
    # server's own log), so it also covers failures inside other middleware.
    app.add_exception_handler(Exception, on_unexpected)


def _retry_after_s(request: Request) -> int:
    settings = getattr(request.app.state, "settings", None)
    seconds = getattr(settings, "http_retry_after_s", None)
    if isinstance(seconds, int):
        return seconds
    default = ServiceSettings.model_fields["http_retry_after_s"].default
    assert isinstance(default, int)
    return default


def correlation_id_of(request: Request) -> str:
    """The request's correlation id: set by middleware, sent by the caller, or new."""
    from_state = getattr(request.state, "correlation_id", None)
    if isinstance(from_state, str) and from_state:
        return from_state
    sent = request.headers.get("x-correlation-id") or request.headers.get("x-request-id")
    if sent and len(sent) <= 200 and sent.isprintable():
        return sent
    return str(uuid.uuid4())


def _log_context(request: Request) -> dict[str, str]:
    return {
        "correlation_id": correlation_id_of(request),
        "method": request.method,
        "path": request.url.path,
    }


_HTTP_TITLES = {
    400: "请求格式错误 / Bad request",
    401: UnauthorizedError.title,
    403: ForbiddenError.title,
    404: NotFoundError.title,
    405: "不支持该请求方法 / Method not allowed",
    406: "无法提供所需格式 / Not acceptable",
    409: ConflictError.title,
    412: PreconditionFailedError.title,
    413: "请求体过大 / Content too large",
    415: "不支持的媒体类型 / Unsupported media type",
    422: UnprocessableError.title,
    429: TooManyRequestsError.title,
    503: ServiceUnavailableError.title,
}
# Chinese wording for the pydantic error types people meet most; others keep pydantic's text.
_VALIDATION_MESSAGES_ZH = {
    "extra_forbidden": "不允许的字段",
    "missing": "缺少必填字段",
    "model_attributes_type": "应为 JSON 对象",
    "dict_type": "应为 JSON 对象",
    "decimal_parsing": "应为十进制数",
    "date_from_datetime_parsing": "应为日期 YYYY-MM-DD",
    "date_parsing": "应为日期 YYYY-MM-DD",
    "string_too_long": "字符串过长",
    "string_too_short": "字符串过短",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
}
_MAX_MESSAGE_CHARS = 200


def status_phrase(status: int) -> str:
    """The standard English reason phrase of ``status`` (``"Error"`` if unknown)."""
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def status_title(status: int) -> str:
    """The title problems of ``status`` carry (Chinese first), e.g. for OpenAPI."""
    return _HTTP_TITLES.get(status, status_phrase(status))


def problem_from_http_exception(exc: StarletteHTTPException) -> ProblemError:
    """Starlette's routing and HTTP errors (unknown route, wrong method …) as a problem."""
    phrase = status_phrase(exc.status_code)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else phrase
    return ProblemError(
        detail[:_MAX_MESSAGE_CHARS],
        status=exc.status_code,
        slug=phrase.lower().replace(" ", "-").replace("'", ""),
        title=_HTTP_TITLES.get(exc.status_code, phrase),
        headers=exc.headers,
    )


def problem_from_validation_error(exc: RequestValidationError) -> ProblemError:
    """Request validation failures: 400 for unparsable JSON, otherwise 422 naming each field."""
    raw_errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in raw_errors):
        return ProblemError(
            "请求体不是合法的 JSON / The request body is not valid JSON.",
            status=400,
            slug="malformed-json",
            title=_HTTP_TITLES[400],
        )
    return invalid_request(
        [
            {"field": _dotted_field(error.get("loc", ())), "message": _message_of(error)}
            for error in raw_errors
        ]
    )


def invalid_request(
    errors: Sequence[Mapping[str, str]],
    detail: str = "请求参数未通过校验，见 errors / The request failed validation; see errors.",
    extensions: Mapping[str, Any] | None = None,
) -> ProblemError:
    """The 422 of a request that failed validation: one ``{field, message}`` per fault."""
    return ProblemError(
        detail,
        status=422,
        slug="invalid-request",
        title="请求参数无效 / Invalid request",
        errors=errors,
        extensions=extensions,
    )


def _dotted_field(location: Sequence[Any]) -> str:
    return ".".join(str(part) for part in location) or "body"


def _message_of(error: Mapping[str, Any]) -> str:
    # Only pydantic's message, never the offending input, which may be huge or sensitive.
    english = str(error.get("msg", "invalid value"))[:_MAX_MESSAGE_CHARS]
    chinese = _VALIDATION_MESSAGES_ZH.get(str(error.get("type", "")))
    return f"{chinese} / {english}" if chinese else english
