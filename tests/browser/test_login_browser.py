"""Signing in through the real login form in chromium, on a desktop and on a phone."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from contracts.labels import ROLE_LABELS
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats, pytest.mark.browser]

Screenshot = Callable[[Page, str], Path]


def _sign_in(page: Page, stack: WorkbenchStack, username: str, password: str) -> None:
    page.goto(stack.url + "/login")
    page.get_by_label("用户名", exact=True).fill(username)
    page.get_by_label("密码", exact=True).fill(password)
    page.get_by_role("button", name="登录").click()


def test_office_signs_in_through_the_form_and_sees_its_home(
    workbench_stack: WorkbenchStack, page: Page, screenshot: Screenshot
) -> None:
    username = workbench_stack.add_user("office")
    page.goto(workbench_stack.url + "/login")
    expect(page.get_by_role("heading", name="临汾市重点工程项目调度平台")).to_be_visible()
    screenshot(page, "login")

    _sign_in(page, workbench_stack, username, workbench_stack.passwords[username])

    expect(page).to_have_url(workbench_stack.url + "/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("我的工作")
    expect(heading).to_contain_text("指挥部办公室")
    expect(page.locator(".usermenu")).to_contain_text("指挥部办公室")
    # htmx comes from /static/vendor (scripts/frontend.sh) and runs under the CSP.
    assert page.evaluate("typeof window.htmx") == "object"
    screenshot(page, "home")


def test_wrong_password_shows_the_chinese_error(
    workbench_stack: WorkbenchStack, page: Page, screenshot: Screenshot
) -> None:
    username = workbench_stack.add_user("office")
    _sign_in(page, workbench_stack, username, "not-the-password")

    expect(page.get_by_role("alert")).to_contain_text("用户名或密码错误")
    expect(page.get_by_role("button", name="登录")).to_be_visible()
    expect(page.locator(".usermenu")).to_have_count(0)
    screenshot(page, "login-wrong-password")


def test_county_home_on_a_phone(
    workbench_stack: WorkbenchStack, phone_page: Page, screenshot: Screenshot
) -> None:
    username = workbench_stack.add_user("county", "yaodu")
    _sign_in(phone_page, workbench_stack, username, workbench_stack.passwords[username])

    heading = phone_page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("我的工作")
    expect(heading).to_contain_text("县（市、区）")
    toggle = phone_page.get_by_role("button", name="菜单")
    expect(toggle).to_be_visible()
    toggle.tap()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    screenshot(phone_page, "home-phone")


@pytest.mark.parametrize(
    ("role", "unit"),
    [
        ("commander", None),
        ("subcommand_commander", "investment_transport"),
        ("department", "transport"),
        ("county", "houma"),
        ("project_unit", "unit-yaodu-001"),
        ("leader", "leader-demo"),
        ("auditor", None),
    ],
)
def test_every_role_signs_in_to_its_own_home(
    workbench_stack: WorkbenchStack, page: Page, screenshot: Screenshot, role: str, unit: str | None
) -> None:
    username = workbench_stack.add_user(role, unit)
    _sign_in(page, workbench_stack, username, workbench_stack.passwords[username])

    expect(page).to_have_url(workbench_stack.url + "/")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("我的工作")
    expect(heading).to_contain_text(ROLE_LABELS[role])
    expect(page.locator(".usermenu")).to_contain_text(ROLE_LABELS[role])
    # Every part of the home page loaded: no service refused this role its own work.
    expect(page.locator(".alert")).to_have_count(0)
    screenshot(page, f"home-{role}")
