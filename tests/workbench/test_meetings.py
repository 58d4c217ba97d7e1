"""会议调度 on the running stack: the month calendar shows the generated meetings on their
days, minutes with decisions assign work that becomes issues, a refused decision row
keeps what was typed with the error beside it, and a county files its monthly report."""

from __future__ import annotations

import random
import re
import time
import uuid
from datetime import date
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import SystemClock
from tests.workbench_support import WorkbenchStack, post_form

pytestmark = [pytest.mark.nats]
CALENDAR = WorkingDayCalendar()


def _api(stack: WorkbenchStack, service: str, path: str, **params: Any) -> Any:
    answer = httpx.get(
        stack.service_url(service) + path, params=params, headers=stack.suite.headers(), timeout=10
    )
    assert answer.status_code == 200, answer.text
    return answer.json()


def _day_cells(html: str) -> dict[str, str]:
    """data-date → the HTML of that calendar cell."""
    parts = re.split(r'role="gridcell" data-date="(\d{4}-\d{2}-\d{2})"', html)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def test_the_month_calendar_shows_the_generated_meetings_on_their_days(
    workbench_stack: WorkbenchStack,
) -> None:
    year = random.randint(2031, 2039)  # a year nobody else generates: the button shows
    month = f"{year}-03"
    office = workbench_stack.signed_in("office")
    before = office.get("/meetings", params={"month": month})
    assert before.status_code == 200, before.text
    assert f'action="/meetings/calendars/{year}?month={month}"' in before.text
    assert "年度会议日历尚未生成" in before.text

    made = post_form(
        office, f"/meetings/calendars/{year}?month={month}", {}, page=f"/meetings?month={month}"
    )
    assert made.status_code == 303, made.text
    assert made.headers["location"].startswith(f"/meetings?month={month}&generated=1")
    page = office.get(made.headers["location"])
    assert page.status_code == 200
    assert f"已生成 {year} 年会议日历" in page.text
    assert "年度会议日历尚未生成" not in page.text

    meetings = _api(
        workbench_stack,
        "scheduling",
        "/v1/meetings",
        **{"from": f"{month}-01", "to": f"{month}-31"},
    )
    assert {m["series"] for m in meetings} >= {"county", "topical"}
    cells = _day_cells(page.text)
    for meeting in meetings:
        cell = cells[meeting["date"]]
        assert f'href="/meetings/{quote(meeting["meeting_id"])}"' in cell, meeting
        assert meeting["title"] in cell
        assert f"主持：{meeting['chair']}" in cell
    assert "县级调度会" in page.text
    assert "专题例会" in page.text
    # Only the meeting days carry meetings; the first of the month is outlined only if today.
    assert sum("mt-meeting" in cell for cell in cells.values()) == len(
        {m["date"] for m in meetings}
    )

    county_only = office.get("/meetings", params={"month": month, "series": "county"})
    assert county_only.text.count('class="meeting mt-meeting s-county') == sum(
        m["series"] == "county" for m in meetings
    )
    assert "s-topical mt-scheduled" not in county_only.text


def _adhoc(stack: WorkbenchStack, client: httpx.Client, title: str) -> str:
    today = SystemClock().today().isoformat()
    form = {
        "title": title,
        "chair": "王渊",
        "date": today,
        "level": "hq",
        "subcommand": "",
        "county": "",
    }
    made = post_form(client, "/meetings/new", form)
    assert made.status_code == 303, made.text
    location = made.headers["location"]
    meeting_id = location.split("?")[0].removeprefix("/meetings/")
    assert meeting_id
    assert "已安排临时会议" in client.get(location).text
    return meeting_id


def _page_when(client: httpx.Client, path: str, ready: Any, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while True:
        html = client.get(path).text
        if ready(html) or time.monotonic() > deadline:
            return html
        time.sleep(0.3)


def test_minutes_with_two_decisions_assign_work_that_becomes_issues(
    workbench_stack: WorkbenchStack,
) -> None:
    office = workbench_stack.signed_in("office")
    project_id = workbench_stack.register_project(name=f"纪要测试项目-{uuid.uuid4().hex[:6]}")
    meeting_id = _adhoc(workbench_stack, office, f"纪要测试会议-{uuid.uuid4().hex[:6]}")
    page = f"/meetings/{meeting_id}"
    form_page = office.get(page).text
    assert "记录会议纪要" in form_page
    assert 'name="decisions.0.text"' in form_page
    held_on = SystemClock().today()
    land = f"协调解决综合管廊用地报批-{uuid.uuid4().hex[:6]}"
    funds = f"落实配套资金-{uuid.uuid4().hex[:6]}"
    data = {
        "held_on": held_on.isoformat(),
        "attendees": ["yaodu", "natural_resources"],
        "other_attendees": "王渊、李艳萍",
        "decisions.0.text": land,
        "decisions.0.assignee": "natural_resources",
        "decisions.0.deadline_working_days": "10",
        "decisions.0.project_id": project_id,
        "decisions.1.text": "",  # a blank row is skipped
        "decisions.2.text": funds,
        "decisions.2.assignee": "yaodu",
        "decisions.2.deadline_working_days": "5",
    }
    answer = post_form(office, page + "/minutes", data, page=page)
    assert answer.status_code == 303, answer.text
    assert "2 项交办事项" in office.get(answer.headers["location"]).text

    html = _page_when(office, page, lambda text: text.count('href="/issues/') >= 2)
    minutes = html.split('id="minutes"')[1]
    assert land in minutes
    assert funds in minutes
    assert "市规划和自然资源局" in minutes
    assert "尧都区" in minutes
    assert "李艳萍" in minutes
    due_land = CALENDAR.add_working_days(held_on, 10).date
    due_funds = CALENDAR.add_working_days(held_on, 5).date
    assert f"至 {due_land}" in minutes
    assert f"至 {due_funds}" in minutes
    issue_ids = re.findall(r'href="/issues/([0-9a-f-]+)"', minutes)
    assert len(issue_ids) == 2
    issues = [_api(workbench_stack, "issues", f"/v1/issues/{i}") for i in issue_ids]
    assert {i["meeting_id"] for i in issues} == {meeting_id}
    by_title = {i["title"]: i for i in issues}
    assert by_title[land]["responsible_department"] == "natural_resources"
    assert by_title[land]["project_id"] == project_id
    assert by_title[land]["deadline"] == due_land.isoformat()
    assert by_title[funds]["assignee"] == "yaodu"
    assert "记录会议纪要</h2>" not in html  # held: no second minutes form


def test_an_empty_decision_text_is_refused_beside_its_row_keeping_what_was_typed(
    workbench_stack: WorkbenchStack,
) -> None:
    office = workbench_stack.signed_in("office")
    meeting_id = _adhoc(workbench_stack, office, f"纪要校验会议-{uuid.uuid4().hex[:6]}")
    page = f"/meetings/{meeting_id}"
    kept = f"第一项决定-{uuid.uuid4().hex[:6]}"
    data = {
        "held_on": SystemClock().today().isoformat(),
        "other_attendees": "王渊",
        "decisions.0.text": kept,
        "decisions.0.assignee": "yaodu",
        "decisions.0.deadline_working_days": "5",
        "decisions.1.text": "",
        "decisions.2.text": "",
        "decisions.2.assignee": "houma",
        "decisions.2.deadline_working_days": "7",
    }
    answer = post_form(office, page + "/minutes", data, page=page)
    assert answer.status_code == 422, answer.text
    rows = re.split(r'<fieldset class="mt-decision" data-row="(\d+)">', answer.text)
    row = {rows[i]: rows[i + 1].split("</fieldset>")[0] for i in range(1, len(rows) - 1, 2)}
    assert 'class="field-error"' in row["2"]
    assert 'class="field-error"' not in row["0"]
    assert re.search(
        r'<label class="field has-error">决定事项\s*<textarea name="decisions.2.text"', row["2"]
    )
    assert '<option value="houma" selected>' in row["2"]
    assert 'name="decisions.2.deadline_working_days" type="number" value="7"' in row["2"]
    assert kept in row["0"]
    assert '<option value="yaodu" selected>' in row["0"]
    assert 'value="王渊"' in answer.text or ">王渊</textarea>" in answer.text
    meeting = _api(workbench_stack, "scheduling", f"/v1/meetings/{meeting_id}")
    assert meeting["status"] == "scheduled"
    assert meeting["decisions"] == []


def test_a_county_files_its_monthly_dispatch_meeting_report(
    workbench_stack: WorkbenchStack,
) -> None:
    county = workbench_stack.signed_in("county", "xiangning")
    today: date = SystemClock().today()
    month = today.strftime("%Y-%m")
    form = county.get("/meetings/county-report")
    assert form.status_code == 200
    assert "乡宁县" in form.text
    assert 'name="county"' not in form.text
    wrong = post_form(
        county,
        "/meetings/county-report",
        {"month": month, "held_on": "2020-01-15", "summary": "日期不在本月"},
    )
    assert wrong.status_code == 422
    assert re.search(
        r'has-error">会议召开日期\s*<input name="held_on" type="date" value="2020-01-15"',
        wrong.text,
    )
    summary = f"调度项目 12 个，协调问题 3 个-{uuid.uuid4().hex[:6]}"
    filed = post_form(
        county,
        "/meetings/county-report",
        {"month": month, "held_on": today.isoformat(), "summary": summary},
    )
    assert filed.status_code == 303, filed.text
    shown = county.get(filed.headers["location"]).text
    assert "已报送县级重点工程项目调度会议" in shown
    assert summary in shown
    assert "已报送" in shown
    department = workbench_stack.signed_in("department", "natural_resources")
    assert department.get("/meetings/county-report").status_code == 403
    assert "报送县级调度会议" not in department.get("/meetings").text
