"""日历订阅 in chromium: a county officer makes a link from the meeting calendar and sees
it once, ready to copy; the list shows it active with a revoke button."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signing import sign_in
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats, pytest.mark.browser]
Shot = Callable[[Page, str], Path]


def test_a_county_officer_makes_a_link_from_the_calendar(
    page: Page, workbench_stack: WorkbenchStack, screenshot: Shot
) -> None:
    sign_in(page, workbench_stack, "county", "yaodu")
    page.goto(workbench_stack.url + "/meetings")
    page.get_by_role("link", name="订阅到我的日历").click()
    page.get_by_label("会议类别").select_option(label="县级调度会")
    page.get_by_role("button", name="生成链接").click()
    link = page.get_by_label("订阅链接")
    assert link.input_value().startswith(workbench_stack.url + "/feeds/")
    row = page.get_by_role("row").filter(has_text="县级调度会")
    expect(row).to_contain_text("有效")
    expect(row.get_by_role("button", name="吊销")).to_be_visible()
    screenshot(page, "meeting-feeds")
