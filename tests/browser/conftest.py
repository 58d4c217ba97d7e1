"""Browser fixtures: Debian's chromium driven by Playwright's sync API.

The browser is ``/usr/bin/chromium`` (``scripts/browser.sh`` installs it) or
``$KPD_CHROMIUM``; Playwright's own downloads (``playwright install``) are never
used. Without the browser these tests skip — except under CI (``CI`` set), where
that is a failure. Screenshots go to ``test-artifacts/screenshots`` at the repo root.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO_ROOT / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCALE = "zh-CN"
TIMEZONE = "Asia/Shanghai"


def chromium_path() -> Path:
    return Path(os.environ.get("KPD_CHROMIUM") or "/usr/bin/chromium")


# Module scope, not session: while Playwright's sync API is open it leaves an
# event loop marked as running in the main thread, and every later test that
# calls ``asyncio.run`` would fail. Closing it after each module costs a
# chromium start per module (about a second).
@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_path()
    if not (executable.is_file() and os.access(executable, os.X_OK)):
        reason = f"no chromium at {executable} (run scripts/browser.sh, or set KPD_CHROMIUM)"
        if os.environ.get("CI"):
            pytest.fail(f"CI requires the browser tests' chromium: {reason}")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(executable), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A desktop page in a fresh context (no cookies shared with other tests)."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, locale=LOCALE, timezone_id=TIMEZONE
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def phone_page(browser: Browser) -> Iterator[Page]:
    """A phone-sized touch page in a fresh context."""
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
        locale=LOCALE,
        timezone_id=TIMEZONE,
    )
    try:
        yield context.new_page()
    finally:
        context.close()


@pytest.fixture
def screenshot() -> Callable[[Page, str], Path]:
    """``screenshot(page, name)``: the full page, as ``test-artifacts/screenshots/<name>.png``."""

    def take(page: Page, name: str) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
