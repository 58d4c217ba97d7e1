"""``/docs`` (Swagger UI) and ``/redoc`` served with no network: the pages' scripts come from us.

FastAPI's own pages load Swagger UI and ReDoc from a public CDN, so on an intranet
without Internet access they stay blank. The same pages are built here with the
asset URLs pointing at ``/docs-assets``, which serves the files the PyPI package
``fastapi-offline`` ships (it is installed by ``uv sync`` like any dependency, so a
fresh machine and every service image have them with no extra step). Only its
files are used, not its ``FastAPIOffline`` app factory: our app is built once, in
``build_http_app``.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Final

from fastapi import FastAPI, Request
from fastapi.openapi.docs import (
    get_redoc_html,
    get_swagger_ui_html,
    get_swagger_ui_oauth2_redirect_html,
)
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS_URL: Final = "/docs-assets"
ASSETS_DIR: Final = Path(str(files("fastapi_offline") / "static"))
# Swagger UI would otherwise send the document to a public validator for a badge.
SWAGGER_PARAMETERS: Final = {"validatorUrl": None}
# The pages may load and call only this origin. ReDoc's attribution shows a logo
# from its CDN (it hides itself when that fails): refused here, not even tried.
# Inline script and style: FastAPI's page starts the UI from an inline script,
# and both UIs set styles inline; ReDoc runs its search in a blob: worker.
CONTENT_SECURITY_POLICY: Final = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self' data:",
        "worker-src 'self' blob:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: Final = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
}


def _secured(page: HTMLResponse) -> HTMLResponse:
    page.headers.update(SECURITY_HEADERS)
    return page


def install_api_docs(app: FastAPI, *, docs_url: str = "/docs", redoc_url: str = "/redoc") -> None:
    """Add the two documentation pages and their asset mount; the app must have docs off."""
    if app.docs_url is not None or app.redoc_url is not None:
        raise ValueError("build the FastAPI app with docs_url=None, redoc_url=None")
    openapi_url = app.openapi_url or "/openapi.json"
    oauth2_redirect_url = app.swagger_ui_oauth2_redirect_url or "/docs/oauth2-redirect"
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS_DIR), name="docs-assets")

    def assets(request: Request) -> str:
        # Behind a path prefix (root_path) the browser must ask for the prefixed URL.
        return f"{request.scope.get('root_path', '')}{ASSETS_URL}"

    @app.get(docs_url, include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root, base = request.scope.get("root_path", ""), assets(request)
        page = get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{base}/swagger-ui-bundle.js",
            swagger_css_url=f"{base}/swagger-ui.css",
            swagger_favicon_url=f"{base}/favicon.png",
            oauth2_redirect_url=f"{root}{oauth2_redirect_url}",
            swagger_ui_parameters={**SWAGGER_PARAMETERS, **(app.swagger_ui_parameters or {})},
        )
        return _secured(page)

    @app.get(oauth2_redirect_url, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return _secured(get_swagger_ui_oauth2_redirect_html())

    @app.get(redoc_url, include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root, base = request.scope.get("root_path", ""), assets(request)
        page = get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{base}/redoc.standalone.js",
            redoc_favicon_url=f"{base}/favicon.png",
            # Google Fonts is the one thing ReDoc's page would still fetch from outside.
            with_google_fonts=False,
        )
        return _secured(page)
