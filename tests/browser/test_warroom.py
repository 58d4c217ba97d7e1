"""作战室 in chromium at 1920×1080: charts drawn with data, and a project registered
through the API appears on the screen without the page being reloaded."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from servicekit.core.clock import SystemClock
from tests.browser.signing import sign_in
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats, pytest.mark.browser]
BIG_SCREEN = {"width": 1920, "height": 1080}


@pytest.fixture
def big_screen(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=BIG_SCREEN, locale="zh-CN", timezone_id="Asia/Shanghai")
    try:
        yield context.new_page()
    finally:
        context.close()


def _register_this_year(stack: WorkbenchStack, county: str) -> str:
    year = SystemClock().today().year
    return stack.register_project(
        name=f"大屏刷新测试-{uuid.uuid4().hex[:6]}",
        county=county,
        project_unit=f"unit-{county}-001",
        year=year,
        planned_start=f"{year}-03-01",
        planned_completion=f"{year + 1}-12-31",
    )


def test_the_war_room_draws_and_updates_in_place(
    workbench_stack: WorkbenchStack, big_screen: Page, screenshot: Callable[[Page, str], Path]
) -> None:
    _register_this_year(workbench_stack, "yaodu")
    _register_this_year(workbench_stack, "hongtong")
    page = big_screen
    sign_in(page, workbench_stack, "commander")
    page.goto(workbench_stack.url + "/warroom?refresh=2")
    expect(page.get_by_role("heading", name="临汾市重点工程项目作战室")).to_be_visible()
    # (Locator waits: the page's CSP forbids the eval behind wait_for_function.)
    expect(page.locator("body")).not_to_have_attribute("data-refreshes", "0", timeout=20_000)
    for chart in ("county-investment", "county-start", "subcommand-investment", "lights"):
        expect(page.locator(f"#chart-{chart} canvas")).to_have_count(1)
    expect(page.locator("#chart-issue-levels canvas")).to_have_count(1)
    expect(page.locator(".wr-panel.unavailable")).to_have_count(0)
    before = int(page.locator('b[data-kpi="projects"]').inner_text())
    assert before >= 2
    assert page.locator("#wr-time").inner_text().count(":") == 2  # the live clock runs
    page.wait_for_timeout(1500)  # let the bars' entry animation finish for the picture
    screenshot(page, "warroom-1920x1080")

    page.evaluate("window.__sameDocument = true")  # gone if the page were reloaded
    _register_this_year(workbench_stack, "xiangfen")
    projects = page.locator('b[data-kpi="projects"]')
    expect(projects).not_to_have_text(str(before), timeout=35_000)
    assert int(projects.inner_text()) > before
    assert page.evaluate("window.__sameDocument") is True
    county_labels = page.evaluate(
        "echarts.getInstanceByDom(document.getElementById('chart-county-investment'))"
        ".getOption().yAxis[0].data"
    )
    assert "襄汾县" in county_labels
    assert not any(label.isascii() for label in county_labels)  # names, never ids


def test_the_war_room_is_readable_on_a_laptop(
    workbench_stack: WorkbenchStack, page: Page, screenshot: Callable[[Page, str], Path]
) -> None:
    sign_in(page, workbench_stack, "office")
    page.goto(workbench_stack.url + "/warroom")
    # (Locator waits: the page's CSP forbids the eval behind wait_for_function.)
    expect(page.locator("body")).not_to_have_attribute("data-refreshes", "0", timeout=20_000)
    expect(page.locator("#chart-county-investment canvas")).to_have_count(1)
    page.wait_for_timeout(1000)
    screenshot(page, "warroom-1366")
