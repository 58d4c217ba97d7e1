"""「我的工作」 in chromium for the office, a county and a project unit (laptop and
phone), and the audit page for an auditor: what each sees, in Chinese names."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from servicekit.core.clock import SystemClock
from tests.browser.signing import sign_in
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats, pytest.mark.browser]
Shot = Callable[[Page, str], Path]


def _overdue_issue(stack: WorkbenchStack, county: str) -> tuple[str, str]:
    """(project id, issue title) of an issue raised 60 days ago in ``county``."""
    project_id = stack.register_project(
        name=f"首页浏览器测试-{uuid.uuid4().hex[:6]}",
        county=county,
        project_unit=f"unit-{county}-001",
    )
    known = stack.service_url("issues") + f"/v1/known-projects/{project_id}"
    deadline = time.monotonic() + 30
    while httpx.get(known, headers=stack.suite.headers(), timeout=5).status_code != 200:
        assert time.monotonic() < deadline, "issues never learned the project"
        time.sleep(0.1)
    title = f"施工用地未交付-{uuid.uuid4().hex[:6]}"
    body = {
        "project_id": project_id,
        "category": "land",
        "title": title,
        "description": "征地拆迁滞后",
        "raised_by": "project_unit",
        "raised_on": (SystemClock().today() - timedelta(days=60)).isoformat(),
    }
    answer = httpx.post(
        stack.service_url("issues") + "/v1/issues",
        json=body,
        headers=stack.suite.headers("project_unit", f"unit-{county}-001"),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return project_id, title


def test_office_home(workbench_stack: WorkbenchStack, page: Page, screenshot: Shot) -> None:
    _overdue_issue(workbench_stack, "quwo")
    sign_in(page, workbench_stack, "office")
    expect(page.get_by_role("link", name="登记项目")).to_be_visible()
    expect(page.get_by_role("link", name="提出问题")).to_be_visible()
    expect(page.get_by_role("heading", name="逾期与即将到期的问题")).to_be_visible()
    expect(page.locator("#deadlines").get_by_text("已逾期").first).to_be_visible()
    expect(page.get_by_role("link", name="作战室")).to_be_visible()
    screenshot(page, "home-office")


def test_county_home_on_laptop_and_phone(
    workbench_stack: WorkbenchStack, page: Page, phone_page: Page, screenshot: Shot
) -> None:
    _, title = _overdue_issue(workbench_stack, "xiangning")
    for where, shown in (("laptop", page), ("phone", phone_page)):
        sign_in(shown, workbench_stack, "county", "xiangning")
        deadlines = shown.locator("#deadlines")
        expect(deadlines.get_by_role("link", name=title)).to_be_visible()
        expect(deadlines.get_by_text("乡宁县 · 县级 · 承办 乡宁县").first).to_be_visible()
        expect(shown.locator("#awaiting").get_by_role("link", name=title)).to_be_visible()
        expect(shown.get_by_role("heading", name="县级调度会议报告")).to_be_visible()
        expect(shown.get_by_role("link", name="作战室")).to_have_count(0)
        viewport = shown.viewport_size
        assert viewport is not None
        assert shown.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
        screenshot(shown, f"home-county-{where}")


def test_project_unit_home(workbench_stack: WorkbenchStack, page: Page, screenshot: Shot) -> None:
    _, title = _overdue_issue(workbench_stack, "jixian")
    sign_in(page, workbench_stack, "project_unit", "unit-jixian-001")
    expect(page.locator("#deadlines").get_by_role("link", name=title)).to_be_visible()
    expect(page.get_by_role("link", name="提出问题")).to_be_visible()
    expect(page.get_by_role("link", name="登记项目")).to_have_count(0)
    expect(page.get_by_text("没有等待本单位确认销号的问题")).to_be_visible()
    screenshot(page, "home-project-unit")


def test_auditor_audit_page(workbench_stack: WorkbenchStack, page: Page, screenshot: Shot) -> None:
    project_id, _ = _overdue_issue(workbench_stack, "puxian")
    sign_in(page, workbench_stack, "auditor")
    page.get_by_role("link", name="进入审计").click()
    expect(page.get_by_text("四个服务均校验通过")).to_be_visible()
    page.get_by_label("项目或问题编号").fill(project_id)
    page.get_by_role("button", name="查看时间线").click()
    expect(page.locator("#timeline").get_by_text("登记", exact=True)).to_be_visible()
    assert page.url.endswith("/audit")  # htmx filled the timeline in place
    screenshot(page, "audit")
