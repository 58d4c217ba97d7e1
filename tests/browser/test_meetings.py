"""会议调度 in chromium: the office convenes an ad-hoc meeting through the form, finds it
on the month calendar, records minutes with a decision added through htmx, and the
decision comes back as an issue on the meeting page; the calendar on a phone."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from servicekit.core.clock import SystemClock
from tests.browser.signing import sign_in
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats, pytest.mark.browser]
Shot = Callable[[Page, str], Path]


def test_office_convenes_a_meeting_and_its_decisions_become_issues(
    page: Page, phone_page: Page, workbench_stack: WorkbenchStack, screenshot: Shot
) -> None:
    today = SystemClock().today()
    title = f"综合管廊专题调度会-{uuid.uuid4().hex[:6]}"
    decision = f"协调解决管廊用地报批-{uuid.uuid4().hex[:6]}"
    sign_in(page, workbench_stack, "office")

    page.goto(workbench_stack.url + "/meetings")
    page.get_by_role("link", name="召开临时会议").click()
    page.get_by_label("会议名称").fill(title)
    page.get_by_label("主持人").fill("王渊")
    page.get_by_label("会议日期").fill(today.isoformat())
    page.get_by_label("会议层级").select_option(label="总指挥部")
    page.get_by_role("button", name="安排会议").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    expect(page.locator("body")).to_contain_text("已安排临时会议")
    meeting_path = page.url.split(workbench_stack.url, 1)[1].split("?")[0]

    # The month calendar shows it on its day.
    page.goto(f"{workbench_stack.url}/meetings?month={today:%Y-%m}")
    day = page.locator(f'[role="gridcell"][data-date="{today.isoformat()}"]')
    expect(day.get_by_role("link", name=title)).to_be_visible()
    screenshot(page, "meetings-calendar")

    # Minutes: the second decision row comes from the server through htmx; the first
    # stays blank and is skipped.
    page.goto(workbench_stack.url + meeting_path)
    form = page.locator("#minutes-form")
    expect(form.get_by_role("heading", name="记录会议纪要")).to_be_visible()
    rows = form.locator("fieldset.mt-decision")
    before = rows.count()
    form.get_by_role("button", name="＋ 增加一项决定").click()
    expect(rows).to_have_count(before + 1)
    added = rows.nth(before)
    added.get_by_label("决定事项").fill(decision)
    added.get_by_label("责任单位").select_option(label="市规划和自然资源局")
    added.get_by_label("办理期限（工作日）").fill("10")
    form.get_by_label("参会单位（可多选）").select_option(label="尧都区")
    form.get_by_role("button", name="保存会议纪要").click()
    expect(page.locator("body")).to_contain_text("1 项交办事项")

    # The decision becomes an issue of the issues service; the meeting page links it.
    minutes = page.locator("#minutes")
    for _ in range(60):
        if minutes.locator('a[href^="/issues/"]').count():
            break
        page.wait_for_timeout(250)
        page.reload()
    expect(minutes).to_contain_text(decision)
    expect(minutes).to_contain_text("市规划和自然资源局")
    issue_link = minutes.locator('a[href^="/issues/"]')
    expect(issue_link).to_have_count(1)
    expect(form).to_have_count(0)  # held: no second minutes form
    screenshot(page, "meeting-minutes")
    issue_link.click()
    expect(page.get_by_role("heading", name=decision)).to_be_visible()
    expect(page.locator("#main")).to_contain_text("市规划和自然资源局")

    sign_in(phone_page, workbench_stack, "county", "yaodu")
    phone_page.goto(f"{workbench_stack.url}/meetings?month={today:%Y-%m}")
    expect(phone_page.get_by_role("heading", name="会议调度")).to_be_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1, f"the calendar overflows a phone: {width}px wide"
    screenshot(phone_page, "meetings-calendar-phone")
