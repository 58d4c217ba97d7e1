"""「我的工作」 on the running stack: each role's own late, due and waiting work,
counted in statutory working days, a county's unfiled monthly reports, and only
the forms the role may use."""

from __future__ import annotations

import re
import time
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest

from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import SystemClock
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats]
CALENDAR = WorkingDayCalendar()


def _issues_post(
    stack: WorkbenchStack, path: str, body: dict[str, Any], role: str, unit: str | None
) -> dict[str, Any]:
    answer = httpx.post(
        stack.service_url("issues") + path,
        json=body,
        headers=stack.suite.headers(role, unit),
        timeout=10,
    )
    assert answer.status_code in (200, 201), answer.text
    return dict(answer.json())


def _issue(stack: WorkbenchStack, county: str, raised_on: date, title: str) -> dict[str, Any]:
    """An issue on a new project of ``county``, raised by the county on ``raised_on``."""
    project_id = stack.register_project(
        name=f"首页测试项目-{uuid.uuid4().hex[:6]}",
        county=county,
        project_unit=f"unit-{county}-001",
    )
    known = stack.service_url("issues") + f"/v1/known-projects/{project_id}"
    deadline = time.monotonic() + 30
    while httpx.get(known, headers=stack.suite.headers(), timeout=5).status_code != 200:
        assert time.monotonic() < deadline, "issues never learned the project"
        time.sleep(0.1)
    body = {
        "project_id": project_id,
        "category": "land",
        "title": title,
        "description": "用地手续滞后",
        "raised_by": "county",
        "raised_on": raised_on.isoformat(),
    }
    return _issues_post(stack, "/v1/issues", body, "county", county)


def _home_when(client: httpx.Client, text: str, timeout: float = 10.0) -> str:
    """The home page once the issues read model shows ``text`` (or after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while True:
        html = client.get("/").text
        if text in html or time.monotonic() > deadline:
            return html
        time.sleep(0.2)


def _section(html: str, section_id: str) -> str:
    found = re.search(rf'<section class="card" id="{section_id}">(.*?)</section>', html, re.S)
    assert found, f"no section {section_id}"
    return found.group(1)


def _raised_on_for_due_in(working_days: int, today: date) -> date:
    """A raising date whose 10-working-day deadline is ``working_days`` after today."""
    for back in range(60):
        day = today - timedelta(days=back)
        deadline = CALENDAR.add_working_days(day, 10).date
        if (
            deadline >= today
            and CALENDAR.working_days_between(today, deadline).count == working_days
        ):
            return day
    raise AssertionError("no raising date found")


def test_a_county_sees_its_overdue_and_due_issues_not_anothers(
    workbench_stack: WorkbenchStack,
) -> None:
    today = SystemClock().today()
    tag = uuid.uuid4().hex[:6]
    old = today - timedelta(days=90)
    mine = _issue(workbench_stack, "yaodu", old, f"尧都区逾期问题-{tag}")
    theirs = _issue(workbench_stack, "houma", old, f"侯马市逾期问题-{tag}")
    soon = _issue(workbench_stack, "yaodu", _raised_on_for_due_in(2, today), f"尧都区将到期-{tag}")
    client = workbench_stack.signed_in("county", "yaodu")
    html = _home_when(client, soon["title"])

    deadlines = _section(html, "deadlines")
    assert mine["title"] in deadlines
    assert soon["title"] in deadlines
    assert theirs["title"] not in html
    late = CALENDAR.working_days_between(date.fromisoformat(mine["deadline"]), today).count
    row = re.search(rf'data-issue="{mine["id"]}">(.*?)</tr>', deadlines, re.S)
    assert row
    assert f"已逾期 {late} 个工作日" in row.group(1)
    soon_row = re.search(rf'data-issue="{soon["id"]}">(.*?)</tr>', deadlines, re.S)
    assert soon_row
    assert "剩余 2 个工作日" in soon_row.group(1)
    assert "尧都区 · 县级 · 承办 尧都区" in deadlines  # names, never ids
    assert mine["title"] in _section(html, "awaiting")  # the county answers at county level

    other = workbench_stack.signed_in("county", "houma")
    other_html = _home_when(other, theirs["title"])
    assert theirs["title"] in _section(other_html, "deadlines")
    assert mine["title"] not in other_html


def test_a_project_unit_sees_what_awaits_its_confirmation(workbench_stack: WorkbenchStack) -> None:
    today = SystemClock().today()
    issue = _issue(workbench_stack, "yicheng", today, f"待企业确认的问题-{uuid.uuid4().hex[:6]}")
    path = f"/v1/issues/{issue['id']}"
    on = {"on": today.isoformat()}
    _issues_post(
        workbench_stack, f"{path}/resolve", {"resolution": "已办结", **on}, "county", "yicheng"
    )
    _issues_post(
        workbench_stack, f"{path}/follow-up", {"note": "已回访", **on}, "county", "yicheng"
    )
    client = workbench_stack.signed_in("project_unit", "unit-yicheng-001")
    html = _home_when(client, issue["title"])
    waiting = _section(html, "awaiting")
    assert issue["title"] in waiting
    assert "待确认销号" in waiting
    links = re.findall(r'class="button[^"]*" href="([^"]+)"', html)
    assert "/issues/new" in links
    assert "/projects/new" not in links


def test_a_county_sees_its_unfiled_monthly_reports(workbench_stack: WorkbenchStack) -> None:
    today = SystemClock().today()
    year = today.year if today.month > 1 else today.year - 1
    filed = f"{year}-01" if today.month > 1 else f"{year}-12"
    body = {"county": "daning", "month": filed, "held_on": f"{filed}-10", "summary": "调度会已召开"}
    answer = httpx.post(
        workbench_stack.service_url("scheduling") + "/v1/county-reports",
        json=body,
        headers=workbench_stack.suite.headers("county", "daning"),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    html = workbench_stack.signed_in("county", "daning").get("/").text
    reports = _section(html, "county-reports")
    assert "大宁县" in reports
    filed_name = f"{filed[:4]}年{int(filed[5:])}月"
    assert f"<b>{filed_name}</b>" not in reports
    if today.month >= 3:  # February's deadline (5 working days after it) has passed
        assert f'<b>{year}年2月</b> <span class="badge overdue">未报送' in reports
    assert f"{today.year}年{today.month}月尚未报送" in reports  # this month: still due


@pytest.mark.parametrize(
    ("role", "unit", "offered", "withheld"),
    [
        ("office", None, ["/projects/new", "/issues/new", "/meetings/new"], ["/audit"]),
        ("county", "yaodu", ["/projects/new", "/meetings/county-reports"], ["/audit"]),
        ("department", "transport", [], ["/projects/new", "/issues/new"]),
        ("auditor", None, ["/audit"], ["/projects/new", "/issues/new"]),
    ],
)
def test_quick_links_are_only_the_forms_the_role_may_use(
    workbench_stack: WorkbenchStack,
    role: str,
    unit: str | None,
    offered: list[str],
    withheld: list[str],
) -> None:
    html = workbench_stack.signed_in(role, unit).get("/").text
    links = re.findall(r'class="button[^"]*" href="([^"]+)"', html)
    assert all(link in links for link in offered), links
    assert not any(link in links for link in withheld), links
