"""How failures reach the person: a Chinese page (or htmx fragment), never a traceback."""

from __future__ import annotations

import logging
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from workbench.sessions import SESSION_COOKIE
from workbench.upstream import UpstreamError
from workbench.web import CsrfRefusedError, PageError, SignInRequiredError, render

log = logging.getLogger("workbench.errors")

_UPSTREAM_TITLES = {
    401: "登录已失效",
    403: "无权访问",
    404: "未找到",
    409: "操作与当前状态冲突",
    412: "数据已被他人修改，请刷新后重试",
    413: "上传内容过大",
    422: "填写内容有误",
    429: "请求过于频繁",
    503: "服务暂时不可用",
}


def install_error_pages(app: FastAPI) -> None:
    @app.exception_handler(SignInRequiredError)
    async def sign_in(request: Request, exc: SignInRequiredError) -> Response:
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        url = f"/login?next={quote(target)}" + (f"&reason={exc.reason}" if exc.reason else "")
        if request.headers.get("HX-Request"):
            # htmx follows a redirect in place; this makes it load the login page whole.
            response: Response = Response(status_code=401, headers={"HX-Redirect": url})
        else:
            response = RedirectResponse(url, status_code=303)
        if exc.reason:
            response.delete_cookie(SESSION_COOKIE, path="/")
        return response

    @app.exception_handler(CsrfRefusedError)
    async def csrf(request: Request, exc: CsrfRefusedError) -> Response:
        log.warning("form refused without a valid CSRF token", extra={"path": request.url.path})
        return _error_page(
            request,
            403,
            "表单已失效",
            "页面的安全校验码（CSRF）缺失或不正确，未做任何更改。请刷新页面后重新提交。",
        )

    @app.exception_handler(PageError)
    async def page_error(request: Request, exc: PageError) -> Response:
        return _error_page(request, exc.status, exc.title, exc.detail)

    @app.exception_handler(UpstreamError)
    async def upstream(request: Request, exc: UpstreamError) -> Response:
        if exc.status == 401:
            return await sign_in(request, SignInRequiredError("expired"))
        status = exc.status if 400 <= exc.status < 600 else 502
        if status >= 500:
            log.error("service call failed", extra={"service": exc.service, "status": exc.status})
        title = _UPSTREAM_TITLES.get(status, "操作未完成")
        return _error_page(request, status, title, exc.detail)

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, exc: RequestValidationError) -> Response:
        return _error_page(request, 422, "请求参数有误", "链接或表单中的参数不正确。")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        titles = {404: "页面不存在", 405: "不支持的请求方式"}
        return _error_page(request, exc.status_code, titles.get(exc.status_code, "请求未完成"), "")


def _error_page(request: Request, status: int, title: str, detail: str) -> Response:
    template = "partials/error.html" if request.headers.get("HX-Request") else "error.html"
    return render(
        request, template, {"title": title, "detail": detail, "status": status}, status=status
    )
