"""/docs and /redoc name only assets the service itself serves: they render with no network."""

from __future__ import annotations

import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from servicekit.web.api_docs import ASSETS_URL, install_api_docs


@pytest.fixture
def client() -> TestClient:
    app = FastAPI(title="demo", docs_url=None, redoc_url=None)
    install_api_docs(app)
    return TestClient(app)


def asset_urls(html: str) -> list[str]:
    return re.findall(r"""(?:src|href)=["']([^"']+)["']""", html) + re.findall(
        r"""url:\s*['"]([^'"]+)['"]""", html
    )


@pytest.mark.parametrize("page", ["/docs", "/redoc"])
def test_pages_load_nothing_from_outside(client: TestClient, page: str) -> None:
    answer = client.get(page)
    assert answer.status_code == 200
    html = answer.text
    assert "http://" not in html
    assert "https://" not in html
    urls = asset_urls(html)
    assert any(url.startswith(ASSETS_URL) for url in urls)
    for url in urls:
        assert client.get(url).status_code == 200, url
    # The browser itself refuses what would leave the service (ReDoc's CDN logo).
    policy = answer.headers["content-security-policy"]
    assert "default-src 'self'" in policy
    assert "img-src 'self' data:" in policy


def test_swagger_ui_is_told_not_to_call_the_public_validator(client: TestClient) -> None:
    assert '"validatorUrl": null' in client.get("/docs").text


def test_assets_are_served_with_their_types(client: TestClient) -> None:
    js = client.get(f"{ASSETS_URL}/swagger-ui-bundle.js")
    assert js.headers["content-type"].startswith(("text/javascript", "application/javascript"))
    assert client.get(f"{ASSETS_URL}/swagger-ui.css").headers["content-type"].startswith("text/css")
    assert len(client.get(f"{ASSETS_URL}/redoc.standalone.js").content) > 100_000


def test_behind_a_path_prefix_the_pages_ask_for_prefixed_urls() -> None:
    app = FastAPI(docs_url=None, redoc_url=None)
    install_api_docs(app)
    html = TestClient(app, root_path="/registry").get("/docs").text
    assert f"/registry{ASSETS_URL}/swagger-ui-bundle.js" in html
    assert "/registry/openapi.json" in html


def test_refuses_an_app_with_fastapis_own_pages() -> None:
    with pytest.raises(ValueError, match="docs_url=None"):
        install_api_docs(FastAPI())
