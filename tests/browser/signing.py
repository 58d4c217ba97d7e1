"""Signing in through the real login form, as every browser test begins."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.workbench_support import WorkbenchStack


def sign_in(page: Page, stack: WorkbenchStack, role: str, unit: str | None = None) -> None:
    """A fresh account of ``role`` signs in and lands on 我的工作."""
    username = stack.add_user(role, unit)
    page.goto(stack.url + "/login")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(stack.passwords[username])
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="我的工作")).to_be_visible()
