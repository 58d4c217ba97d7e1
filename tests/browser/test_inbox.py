"""消息提醒 in chromium: a problem raised on a county's project reaches the county's
officer — the header shows the unread count, the inbox lists the message with its
去办理 link to the problem, and 标为已读 takes the count down — on a laptop and a phone."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.signing import sign_in
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats, pytest.mark.browser]
Shot = Callable[[Page, str], Path]


def test_a_county_officer_is_told_reads_and_goes_to_the_problem(
    page: Page, phone_page: Page, workbench_stack: WorkbenchStack, screenshot: Shot
) -> None:
    sign_in(page, workbench_stack, "county", "yaodu")
    title = f"项目用地手续未批-{uuid.uuid4().hex[:6]}"
    issue_id = workbench_stack.raise_issue(title, "消息提醒项目")

    page.goto(workbench_stack.url + "/inbox?unread=true")
    item = page.locator("li.inbox-item", has_text=title)
    deadline = time.monotonic() + 30
    while not item.count():
        assert time.monotonic() < deadline, "the problem never reached the county's inbox"
        time.sleep(0.5)
        page.reload()
    expect(item).to_have_class("card inbox-item unread")
    expect(item.locator(".tag")).to_have_text("问题交办")
    expect(item).to_contain_text("尧都区")
    expect(item).not_to_contain_text("办理入口")  # the e-mail's link line; 去办理 is here
    # 标为已读 must read on the card (the header's button style is white on dark).
    colour = item.get_by_role("button", name="标为已读").evaluate("b => getComputedStyle(b).color")
    assert colour != "rgb(255, 255, 255)", colour
    badge = page.locator(".inbox-link .badge")
    expect(badge).to_be_visible()
    unread_before = int(badge.inner_text().rstrip("+"))
    assert unread_before >= 1
    screenshot(page, "inbox-unread")

    # 去办理 opens the problem in this workbench, whatever host the e-mail links name.
    item.get_by_role("link", name="去办理").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    assert page.url == f"{workbench_stack.url}/issues/{issue_id}"

    page.goto(workbench_stack.url + "/inbox?unread=true")
    page.locator("li.inbox-item", has_text=title).get_by_role("button", name="标为已读").click()
    expect(page.locator("li.inbox-item", has_text=title)).to_have_count(0)
    page.goto(workbench_stack.url + "/inbox")
    read = page.locator("li.inbox-item", has_text=title)
    expect(read).to_contain_text("已读")
    after = page.locator(".inbox-link .badge")
    if unread_before == 1:
        expect(after).to_have_count(0)
    else:
        expect(after).to_have_text(str(unread_before - 1))
    screenshot(page, "inbox-all")

    sign_in(phone_page, workbench_stack, "county", "yaodu")
    phone_page.goto(workbench_stack.url + "/inbox")
    expect(phone_page.locator("li.inbox-item", has_text=title)).to_be_visible()
    screenshot(phone_page, "inbox-phone")


def test_a_county_hears_nothing_of_another_county(
    page: Page, workbench_stack: WorkbenchStack
) -> None:
    title = f"别县的问题-{uuid.uuid4().hex[:6]}"
    workbench_stack.raise_issue(title, "消息提醒项目")
    sign_in(page, workbench_stack, "county", "houma")
    time.sleep(2)  # long enough for yaodu's copy to have arrived, were houma to get one
    page.goto(workbench_stack.url + "/inbox")
    expect(page.locator("h1")).to_contain_text("条未读")
    expect(page.locator("li.inbox-item", has_text=title)).to_have_count(0)
