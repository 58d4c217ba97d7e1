"""A real service's /docs and /redoc in chromium with every request off the machine refused.

On a government intranet there is no CDN: the pages must render from what the
service serves itself (``servicekit/web/api_docs.py``). The registry runs as a real
process (SQLite under tmp; NATS pointed at a closed port, which the HTTP edge does
not need), and any request to a host other than 127.0.0.1 is aborted and recorded.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Route, expect

from servicekit.dev.natsserver import free_port
from servicekit.dev.testing import ServiceProcess

pytestmark = [pytest.mark.browser]
Shot = Callable[[Page, str], Path]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServiceProcess]:
    root = tmp_path_factory.mktemp("api-docs")
    env = {
        "KPD_VAR_DIR": str(root / "var"),
        "KPD_DATABASE_URL": "",
        "KPD_NATS_URL": f"nats://127.0.0.1:{free_port()}",
    }
    process = ServiceProcess("registry", env, root)
    process.migrate()
    process.start(wait_ready=False)  # ready needs NATS; the documents do not
    try:
        yield process
    finally:
        process.stop()


def offline(page: Page) -> list[str]:
    """Abort every request that would leave the machine; returns the list of those tried."""
    refused: list[str] = []

    def guard(route: Route) -> None:
        if urlsplit(route.request.url).hostname in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", guard)
    return refused


def test_swagger_ui_renders_with_no_network(
    page: Page, registry: ServiceProcess, screenshot: Shot
) -> None:
    refused = offline(page)
    page.goto(registry.url + "/docs")
    expect(page.locator(".swagger-ui .opblock").first).to_be_visible(timeout=15_000)
    expect(page.locator(".swagger-ui .title").first).to_contain_text("registry", ignore_case=True)
    assert page.locator(".swagger-ui .opblock").count() > 10
    screenshot(page, "api-docs-swagger")
    assert refused == []


def test_redoc_renders_with_no_network(
    page: Page, registry: ServiceProcess, screenshot: Shot
) -> None:
    refused = offline(page)
    page.goto(registry.url + "/redoc")
    expect(page.locator("redoc .api-content h1").first).to_be_visible(timeout=15_000)
    expect(page.locator("redoc [role=menu], redoc .menu-content").first).to_be_visible()
    screenshot(page, "api-docs-redoc")
    assert refused == []
