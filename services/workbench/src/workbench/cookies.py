"""Two plain ASGI layers: the renewed session and read-your-writes cookies, and the
browser security headers."""

from __future__ import annotations

from http.cookies import SimpleCookie

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from workbench.consistency import seen_cookie
from workbench.sessions import SESSION_COOKIE

# Scripts only from this site (htmx and ECharts are served from /static/vendor);
# chart libraries set inline styles, so styles may be inline.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
    "form-action 'self'; base-uri 'none'; object-src 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("X-Frame-Options", "DENY")
                headers.setdefault("Referrer-Policy", "same-origin")
                if not str(scope.get("path", "")).startswith("/static/"):
                    # Pages show one person's data: never kept by shared caches.
                    headers.setdefault("Cache-Control", "no-store")
            await send(message)

        await self.app(scope, receive, send_with_headers)


class SessionCookieMiddleware:
    """When a page renewed the session token, the response carries the new cookie."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_cookie(message: Message) -> None:
            if message["type"] == "http.response.start":
                session = scope.get("state", {}).get("session")
                renewed = getattr(session, "renewed_token", None)
                headers = MutableHeaders(scope=message)
                already = any(
                    value.startswith(f"{SESSION_COOKIE}=")
                    for value in headers.getlist("set-cookie")
                )
                if renewed and not already:
                    headers.append("set-cookie", _cookie(renewed, scope))
                written = getattr(session, "written", None)
                if written:
                    seen = {**session.seen, **written}
                    secure = scope["app"].state.settings.cookie_secure
                    headers.append("set-cookie", seen_cookie(seen, secure))
            await send(message)

        await self.app(scope, receive, send_with_cookie)


def _cookie(token: str, scope: Scope) -> str:
    app = scope["app"]
    cookie: SimpleCookie = SimpleCookie()
    cookie[SESSION_COOKIE] = token
    morsel = cookie[SESSION_COOKIE]
    morsel["path"] = "/"
    morsel["httponly"] = True
    morsel["samesite"] = "Lax"
    morsel["max-age"] = app.state.sessions.cookie_max_age
    if app.state.settings.cookie_secure:
        morsel["secure"] = True
    return morsel.OutputString()
