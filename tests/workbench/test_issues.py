"""问题清单 on the running stack: raising through the form, the board by level, the
whole lifecycle to 清零销号, reopening, who is offered which form, CSRF and scope."""

from __future__ import annotations

import re
import uuid
from typing import Any

import httpx
import pytest

from contracts.access import ACCESS
from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import SystemClock
from tests.workbench_support import WorkbenchStack, post_form
from workbench.pages.issue_rules import ACTION_ROUTES

pytestmark = [pytest.mark.nats]
CALENDAR = WorkingDayCalendar()
FORM_IDS = ("progress", "resolve", "follow-up", "confirm", "escalate", "extension", "supervise")


def _project(stack: WorkbenchStack, county: str = "yaodu") -> tuple[str, str, str]:
    """(project id, name, project unit) of a new project; issues learns it by events."""
    tag = uuid.uuid4().hex[:8]
    name = f"问题清单测试项目-{tag}"
    unit = f"unit-{county}-{tag}"
    return stack.register_project(name=name, county=county, project_unit=unit), name, unit


def _api(
    stack: WorkbenchStack, method: str, path: str, role: str, unit: str | None, **kw: Any
) -> Any:
    answer = httpx.request(
        method,
        stack.service_url("issues") + path,
        headers=stack.suite.headers(role, unit),
        timeout=10,
        **kw,
    )
    assert answer.status_code in (200, 201), answer.text
    return answer.json()


def _raise_via_form(client: httpx.Client, project_id: str, title: str) -> httpx.Response:
    today = SystemClock().today().isoformat()
    data = {
        "project_id": project_id,
        "category": "land",
        "title": title,
        "description": "建设用地指标尚未落实",
        "raised_on": today,
    }
    return post_form(client, "/issues/new", data, page=f"/issues/new?project_id={project_id}")


def _raised(stack: WorkbenchStack, county: str = "yaodu") -> tuple[dict[str, Any], str]:
    """An issue raised through the form by the county (and its project unit)."""
    project_id, _, unit = _project(stack, county)
    county_client = stack.signed_in("county", county)
    title = f"用地问题-{uuid.uuid4().hex[:8]}"
    response = _raise_via_form(county_client, project_id, title)
    assert response.status_code == 303, response.text
    issue_id = re.search(r"highlight=([0-9a-f-]+)", response.headers["location"])
    assert issue_id
    return _api(stack, "GET", f"/v1/issues/{issue_id.group(1)}", "office", None), unit


def _card(html: str, issue_id: str) -> tuple[str, str]:
    """(level of the column holding the card, the card's html)."""
    columns = re.findall(
        r'<section class="board-col" data-level="(\w+)"(.*?)</section>', html, re.S
    )
    card = rf'<article class="board-card[^"]*" data-issue="{issue_id}".*?</article>'
    for level, column in columns:
        found = re.search(card, column, re.S)
        if found:
            return level, found.group(0)
    raise AssertionError(f"no card for {issue_id} on the board")


def _forms(html: str) -> set[str]:
    return {name for name in FORM_IDS if f'id="form-{name}"' in html}


def _act(client: httpx.Client, issue_id: str, action: str, data: dict[str, str]) -> httpx.Response:
    return post_form(client, f"/issues/{issue_id}/{action}", data, page=f"/issues/{issue_id}")


def test_every_form_names_a_reviewed_route() -> None:
    # may() allows a route it does not know, so a misspelt path would offer a form to all.
    for path in ACTION_ROUTES.values():
        assert ("issues", "POST", path) in ACCESS, path


def test_county_raises_through_the_form_and_the_board_shows_it_at_county_level(
    workbench_stack: WorkbenchStack,
) -> None:
    project_id, name, _ = _project(workbench_stack)
    client = workbench_stack.signed_in("county", "yaodu")
    form = client.get(f"/issues/new?project_id={project_id}")
    assert form.status_code == 200
    assert name in form.text
    assert "建设用地（" in form.text  # categories in Chinese, with the department handling them
    title = f"用地指标未落实-{uuid.uuid4().hex[:8]}"
    # No waiting here: the form waits for the issues service to learn the project,
    # and the board waits for its read model to show the new issue.
    response = _raise_via_form(client, project_id, title)
    assert response.status_code == 303, response.text
    assert response.headers["location"].startswith("/issues?highlight=")
    board = client.get(response.headers["location"])
    assert board.status_code == 200
    assert "已提出问题" in board.text
    issue_id = re.search(r"highlight=([0-9a-f-]+)", response.headers["location"]).group(1)  # type: ignore[union-attr]
    level, card = _card(board.text, issue_id)
    assert level == "county"
    assert "highlight" in card
    assert title in card
    assert name in card
    assert "尧都区" in card
    assert "已交办" in card
    assert "剩余 10 个工作日" in card
    counts = re.findall(r'data-level="county".*?column-count">(\d+)<', board.text, re.S)
    assert counts
    assert int(counts[0]) >= 1


def test_progress_resolve_follow_up_and_the_project_unit_closes_it(
    workbench_stack: WorkbenchStack,
) -> None:
    issue, project_unit = _raised(workbench_stack)
    county = workbench_stack.signed_in("county", "yaodu")
    today = SystemClock().today().isoformat()
    page = county.get(f"/issues/{issue['id']}").text
    assert {"progress", "resolve"} <= _forms(page)
    assert "confirm" not in _forms(page)
    assert "escalate" not in _forms(page)
    steps = [
        (
            "progress",
            {"note": "已与自然资源局对接", "substantive": "on", "on": today},
            "已报告办理进展",
        ),
        ("resolve", {"resolution": "用地指标已下达", "on": today}, "已办结"),
        ("follow-up", {"note": "项目单位反映已开工", "on": today}, "已回访"),
    ]
    for action, data, notice in steps:
        done = _act(county, issue["id"], action, data)
        assert done.status_code == 303, done.text
        assert notice in county.get(done.headers["location"]).text
    waiting = county.get(f"/issues/{issue['id']}").text
    assert _forms(waiting) == set(), "only the project unit confirms"
    assert "等待项目单位确认是否满意" in waiting

    unit_client = workbench_stack.signed_in("project_unit", project_unit)
    page = unit_client.get(f"/issues/{issue['id']}").text
    assert _forms(page) == {"confirm"}
    done = _act(
        unit_client, issue["id"], "confirm", {"satisfied": "yes", "comment": "满意", "on": today}
    )
    assert done.status_code == 303, done.text
    closed = unit_client.get(done.headers["location"]).text
    assert "清零销号" in closed
    assert "已销号" in closed
    for event_text in ("报告实质性进展", "承办方办结", "回访项目单位", "项目单位确认满意"):
        assert event_text in closed
    assert "originator" not in closed
    assert (
        _api(workbench_stack, "GET", f"/v1/issues/{issue['id']}", "office", None)["status"]
        == "closed"
    )
    assert issue["title"] not in county.get("/issues").text  # closed ones only on request
    assert issue["title"] in county.get("/issues?closed=1").text


def test_unsatisfied_project_unit_reopens_it_with_a_fresh_deadline(
    workbench_stack: WorkbenchStack,
) -> None:
    issue, project_unit = _raised(workbench_stack)
    today = SystemClock().today()
    on = {"on": today.isoformat()}
    for path, body in (("resolve", {"resolution": "已协调"}), ("follow-up", {"note": "已回访"})):
        _api(
            workbench_stack,
            "POST",
            f"/v1/issues/{issue['id']}/{path}",
            "county",
            "yaodu",
            json={**body, **on},
        )
    unit_client = workbench_stack.signed_in("project_unit", project_unit)
    done = _act(
        unit_client, issue["id"], "confirm", {"satisfied": "no", "comment": "仍未落实", **on}
    )
    assert done.status_code == 303, done.text
    fresh = CALENDAR.add_working_days(today, 10).date.isoformat()
    page = unit_client.get(done.headers["location"]).text
    assert "重新办理" in page
    assert f"新期限 {fresh}" in page
    now = _api(workbench_stack, "GET", f"/v1/issues/{issue['id']}", "office", None)
    assert now["status"] == "reopened"
    assert now["deadline"] == fresh


def test_forms_follow_role_side_and_status(workbench_stack: WorkbenchStack) -> None:
    issue, project_unit = _raised(workbench_stack)
    path = f"/issues/{issue['id']}"
    department = workbench_stack.signed_in("department", issue["responsible_department"])
    # Involved, not yet answering; as the level above it may grant an extension at once.
    assert _forms(department.get(path).text) == {"progress", "extension"}
    assert _forms(workbench_stack.signed_in("project_unit", project_unit).get(path).text) == set()
    office = workbench_stack.signed_in("office")
    assert {"escalate", "supervise"} <= _forms(office.get(path).text)
    assert "resolve" not in _forms(office.get(path).text)

    done = _act(office, issue["id"], "escalate", {"reason": "涉及跨部门协调"})
    assert done.status_code == 303, done.text
    assert "已升级至市直部门" in office.get(done.headers["location"]).text
    board = department.get(f"/issues?highlight={issue['id']}").text
    assert _card(board, issue["id"])[0] == "department"
    assert {"progress", "resolve"} <= _forms(department.get(path).text)
    assert "escalate" not in _forms(department.get(path).text)


def test_a_refused_form_shows_its_errors_and_keeps_what_was_typed(
    workbench_stack: WorkbenchStack,
) -> None:
    issue, _ = _raised(workbench_stack)
    county = workbench_stack.signed_in("county", "yaodu")
    refused = _act(county, issue["id"], "resolve", {"resolution": "已协调解决-保留", "on": ""})
    assert refused.status_code == 422
    form = re.search(r'id="form-resolve".*?</form>', refused.text, re.S)
    assert form
    assert "已协调解决-保留" in form.group(0)
    assert "field-error" in form.group(0)
    early = _act(county, issue["id"], "progress", {"note": "提前", "on": "2000-01-01"})
    assert early.status_code == 422
    assert "早于问题提出日" in early.text
    typed = f"标题-{uuid.uuid4().hex[:6]}"
    blank = post_form(
        county,
        "/issues/new",
        {"project_id": issue["project_id"], "category": "", "title": typed, "raised_on": ""},
    )
    assert blank.status_code == 422
    assert typed in blank.text
    assert blank.text.count("field-error") >= 2


def test_form_without_csrf_changes_nothing(workbench_stack: WorkbenchStack) -> None:
    issue, _ = _raised(workbench_stack)
    county = workbench_stack.signed_in("county", "yaodu")
    today = SystemClock().today().isoformat()
    refused = county.post(f"/issues/{issue['id']}/resolve", data={"resolution": "x", "on": today})
    assert refused.status_code == 403
    assert "安全校验码" in refused.text
    after = _api(workbench_stack, "GET", f"/v1/issues/{issue['id']}", "office", None)
    assert after["status"] == "assigned"
    assert after["version"] == issue["version"]


def test_another_countys_officer_neither_opens_nor_sees_it(workbench_stack: WorkbenchStack) -> None:
    issue, _ = _raised(workbench_stack)
    other = workbench_stack.signed_in("county", "houma")
    page = other.get(f"/issues/{issue['id']}")
    assert page.status_code == 403
    assert "无权访问" in page.text
    assert issue["title"] not in page.text
    assert issue["title"] not in other.get("/issues").text


def test_a_provisional_deadline_is_marked_on_the_page_and_the_board(
    workbench_stack: WorkbenchStack,
) -> None:
    from servicekit.calendar import statutory_years

    project_id, _, unit = _project(workbench_stack)
    last_known = statutory_years()[-1]
    body = {
        "project_id": project_id,
        "category": "land",
        "title": f"跨年期限-{uuid.uuid4().hex[:6]}",
        "description": "年底提出，期限落在下一年",
        "raised_by": "project_unit",
        "raised_on": f"{last_known}-12-28",
    }
    issue = _api(workbench_stack, "POST", "/v1/issues", "project_unit", unit, json=body)
    assert issue["deadline_provisional"] is True
    office = workbench_stack.signed_in("office")
    page = office.get(f"/issues/{issue['id']}").text
    assert "暂定" in page
    assert f"{last_known + 1} 年的法定节假日安排尚未载入" in page
