"""Sign-in and sign-out: the login form, throttled, with its own CSRF token."""

from __future__ import annotations

import logging
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from workbench.directory import UserDirectory
from workbench.sessions import LOGIN_COOKIE, SESSION_COOKIE
from workbench.throttle import LoginThrottle
from workbench.web import (
    CsrfRefusedError,
    FormSessionDep,
    render,
    sessions_of,
    set_session_cookie,
)

router = APIRouter(tags=["login"])
log = logging.getLogger("workbench.login")

_REASONS = {
    "expired": "登录已失效（账号被停用、密码已修改或超时），请重新登录。",
    "signed_out": "您已安全退出。",
}


def _safe_next(target: str | None) -> str:
    # Only paths on this site: an open redirect would hand the session to a look-alike page.
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target


def _login_page(
    request: Request, *, error: str = "", username: str = "", status: int = 200, next_url: str = "/"
) -> HTMLResponse:
    nonce = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response = render(
        request,
        "login.html",
        {
            "login_csrf": sessions_of(request).login_csrf_token(nonce),
            "error": error,
            "username": username,
            "next_url": next_url,
            "reason": _REASONS.get(request.query_params.get("reason", ""), ""),
        },
        status=status,
    )
    response.set_cookie(
        LOGIN_COOKIE,
        nonce,
        max_age=3600,
        httponly=True,
        samesite="strict",
        path="/login",
        secure=request.app.state.settings.cookie_secure,
    )
    return response


@router.get("/login", response_class=HTMLResponse, summary="登录页")
def login_form(request: Request, next: str | None = None) -> HTMLResponse:
    return _login_page(request, next_url=_safe_next(next))


@router.post("/login", response_class=HTMLResponse, summary="登录")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=256)] = "",
    csrf_token: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
) -> Response:
    manager = sessions_of(request)
    nonce = request.cookies.get(LOGIN_COOKIE, "")
    if not nonce or not manager.tokens_match(manager.login_csrf_token(nonce), csrf_token):
        raise CsrfRefusedError()
    throttle: LoginThrottle = request.app.state.throttle
    address = request.client.host if request.client else "unknown"
    keys = LoginThrottle.keys(username, address)
    locked = throttle.seconds_locked(keys)
    if locked > 0:
        log.warning("login refused while locked", extra={"user": username, "address": address})
        minutes = max(1, round(locked / 60))
        return _login_page(
            request,
            error=f"登录失败次数过多，请 {minutes} 分钟后再试。",
            username=username,
            status=429,
            next_url=_safe_next(next),
        )
    directory: UserDirectory = request.app.state.directory
    account = directory.check_password(username, password)
    if account is None:
        throttle.record_failure(keys)
        log.warning("login failed", extra={"user": username, "address": address})
        return _login_page(
            request,
            error="用户名或密码错误，或账号已停用。",
            username=username,
            status=401,
            next_url=_safe_next(next),
        )
    throttle.record_success(keys[0])
    log.info("signed in", extra={"user": account.username, "address": address})
    response = RedirectResponse(_safe_next(next), status_code=303)
    set_session_cookie(request, response, manager.sign_in(account))
    response.delete_cookie(LOGIN_COOKIE, path="/login")
    return response


@router.post("/logout", summary="退出登录")
def logout(request: Request, session: FormSessionDep) -> Response:
    log.info("signed out", extra={"user": session.principal.user})
    response = RedirectResponse("/login?reason=signed_out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response
