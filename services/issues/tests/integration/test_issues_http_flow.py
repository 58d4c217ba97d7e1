"""The issue flow over HTTP, in process, on SQLite and PostgreSQL (``database_url``).

The project is learned the way the consumer learns it (the application's
learning command), since there is no registry in this process.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from issues.application import Issues
from issues.main import create_app, migrate
from servicekit.calendar import WorkingDayCalendar
from servicekit.core.context import SYSTEM
from servicekit.dev.testing import local_settings, token_for

PROJECT_ID = "p-yaodu-001"


class Api:
    def __init__(self, client: TestClient, key: Path) -> None:
        self.client = client
        self.key = key

    def headers(self, role: str, unit: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(self.key, role, unit)}"}

    def post(self, path: str, body: dict[str, Any], role: str, unit: str | None = None) -> Any:
        return self.client.post(path, json=body, headers=self.headers(role, unit))

    def get(self, path: str, role: str = "office", unit: str | None = None, **params: Any) -> Any:
        return self.client.get(path, params=params, headers=self.headers(role, unit))


def learn_the_project(app: Issues) -> None:
    """As the consumer learns it from the registry (no registry in this process)."""
    app.save(
        app.learn_project(
            SYSTEM,
            project_id=PROJECT_ID,
            name="临汾市尧都区综合管廊工程",
            county="yaodu",
            sector="transport",
            subcommand="investment_transport",
            project_unit="unit-yaodu-001",
        )
    )


@pytest.fixture
def api(tmp_path: Path, database_url: str) -> Iterator[Api]:
    settings = local_settings("issues", tmp_path / "var", database_url)
    migrate(settings)
    with TestClient(create_app(settings)) as client:
        app = client.app.state.runtime.app  # type: ignore[attr-defined]
        assert isinstance(app, Issues)
        learn_the_project(app)
        yield Api(client, settings.dev_key_path)


RAISE = {
    "project_id": PROJECT_ID,
    "category": "land",
    "title": "项目用地手续未批",
    "description": "供地手续滞后,影响开工",
    "raised_by": "project_unit",
    "raised_on": "2025-09-26",
}


def eventually(check: Any, timeout: float = 10.0) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.05)


def test_done_when_flow(api: Api) -> None:
    raised = api.post("/v1/issues", RAISE, "project_unit", "unit-yaodu-001")
    assert raised.status_code == 201, raised.text
    issue = raised.json()
    assert (issue["deadline"], issue["level"], issue["assignee"]) == (
        "2025-10-16",
        "county",
        "yaodu",
    )
    assert issue["responsible_department"] == "natural_resources"
    path = f"/v1/issues/{issue['id']}"

    quiet = api.post("/v1/admin/sweep", {"as_of": "2025-10-15"}, "operator").json()
    assert quiet["escalated"] == []
    swept = api.post("/v1/admin/sweep", {"as_of": "2025-10-17"}, "operator").json()
    assert [(e["issue_id"], e["to_level"], e["deadline"]) for e in swept["escalated"]] == [
        (issue["id"], "department", "2025-10-31")
    ]
    assert (
        api.post("/v1/admin/sweep", {"as_of": "2025-10-17"}, "operator").json()["escalated"] == []
    )

    resolve = {"resolution": "已完成供地手续", "on": "2025-10-20"}
    assert api.post(f"{path}/resolve", resolve, "department", "finance").status_code == 403
    assert api.post(f"{path}/resolve", resolve, "county", "yaodu").status_code == 403
    done = api.post(f"{path}/resolve", resolve, "department", "natural_resources")
    assert done.status_code == 200
    assert done.json()["status"] == "resolved"
    again = api.post(f"{path}/resolve", resolve, "department", "natural_resources")
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")

    follow = {"note": "回访企业", "on": "2025-10-21"}
    assert (
        api.post(f"{path}/follow-up", follow, "department", "natural_resources").status_code == 200
    )
    verdict = {"satisfied": False, "comment": "仍未落实", "on": "2025-10-22"}
    for role, unit in (("office", None), ("department", "natural_resources"), ("county", "yaodu")):
        assert api.post(f"{path}/confirm", verdict, role, unit).status_code == 403
    reopened = api.post(f"{path}/confirm", verdict, "project_unit", "unit-yaodu-001").json()
    assert (reopened["status"], reopened["deadline"]) == ("reopened", "2025-11-05")

    api.post(f"{path}/resolve", {**resolve, "on": "2025-10-23"}, "department", "natural_resources")
    api.post(f"{path}/follow-up", {**follow, "on": "2025-10-24"}, "department", "natural_resources")
    closed = api.post(
        f"{path}/confirm", {**verdict, "satisfied": True, "on": "2025-10-24"},
        "project_unit", "unit-yaodu-001",
    )  # fmt: skip
    assert closed.json()["status"] == "closed"

    full = api.get(path, "auditor").json()
    kinds = [h["event"] for h in full["history"]]
    assert kinds[0] == "Raised"
    assert kinds[-1] == "Closed"
    assert "Escalated" in kinds
    first = full["history"][0]
    assert (first["actor"], first["role"], first["unit"]) == (
        "test-project_unit", "project_unit", "unit-yaodu-001",
    )  # fmt: skip
    # For people: what happened in Chinese, the role's name; no library internals.
    assert (first["label"], first["role_label"]) == ("提出问题", "项目单位")
    assert full["history"][-1]["label"] == "清零销号"
    assert all(h["label"] != h["event"] for h in full["history"]), full["history"]
    for entry in full["history"]:
        assert not {"originator_topic", "key", "originator_id"} & set(entry["data"]), entry
    assert first["data"]["title"] == RAISE["title"]


def test_stalled_issue_is_supervised_and_exported(api: Api) -> None:
    issue = api.post("/v1/issues", RAISE, "project_unit", "unit-yaodu-001").json()
    api.post("/v1/admin/sweep", {"as_of": "2025-10-17"}, "office")
    swept = api.post("/v1/admin/sweep", {"as_of": "2025-10-27"}, "office").json()
    assert swept["supervised"] == [{"issue_id": issue["id"], "reason": "stalled"}]
    state = api.get(f"/v1/issues/{issue['id']}").json()
    assert state["supervised"] is True
    assert state["supervision"]["dues"]["report"] == "2025-10-30"
    listed = eventually(lambda: api.get("/v1/issues", supervised="true").json())
    assert [row["id"] for row in listed] == [issue["id"]]
    csv_text = eventually(
        lambda: (
            api.get("/v1/supervision/export", format="csv").text.count("\n") > 1
            and api.get("/v1/supervision/export", format="csv").text
        )
    )
    assert issue["id"] in csv_text
    assert "超过一个月未取得实质性进展" in csv_text  # the reason, as people read it
    # For Excel: a byte-order mark first, then Chinese headers.
    assert csv_text.startswith("\ufeff问题编号,项目,县（市、区）,问题,")
    machine = api.get("/v1/supervision/export").json()["items"]
    assert [(i["issue_id"], i["reason"]) for i in machine] == [(issue["id"], "stalled")]
    sheet = load_workbook(io.BytesIO(api.get("/v1/supervision/export", format="xlsx").content))
    assert sheet.active is not None
    rows = list(sheet.active.iter_rows(values_only=True))
    assert rows[0][:4] == ("问题编号", "项目", "县（市、区）", "问题")
    assert rows[1][1] == "临汾市尧都区综合管廊工程"  # the project by its name
    answer = api.get("/v1/supervision/export", format="csv")
    assert "filename*=UTF-8''" in answer.headers["content-disposition"]
    assert answer.content.startswith(b"\xef\xbb\xbf")


def test_unknown_project_is_422_and_scopes_are_enforced(api: Api) -> None:
    unknown = api.post("/v1/issues", {**RAISE, "project_id": "nope"}, "project_unit", "u")
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "body.project_id"
    issue = api.post("/v1/issues", RAISE, "county", "yaodu")
    assert issue.status_code == 403  # raised_by project_unit with a county token
    issue = api.post("/v1/issues", {**RAISE, "raised_by": "county"}, "county", "yaodu").json()
    path = f"/v1/issues/{issue['id']}"
    assert api.get(path, "county", "houma").status_code == 403
    assert api.get(path, "department", "finance").status_code == 403
    assert api.get(path, "project_unit", "unit-other").status_code == 403
    assert api.get(path, "department", "natural_resources").status_code == 200
    assert api.get(path, "operator").status_code == 403
    assert (
        api.post("/v1/admin/sweep", {"as_of": "2025-10-17"}, "county", "yaodu").status_code == 403
    )
    mine = eventually(lambda: api.get("/v1/issues", "county", "yaodu").json())
    assert [row["id"] for row in mine] == [issue["id"]]
    assert api.get("/v1/issues", "county", "houma").json() == []
    overdue = api.get("/v1/issues", overdue_as_of="2025-10-17").json()
    assert [row["overdue"] for row in overdue] == [True]
    assert api.get("/v1/issues", overdue_as_of="2025-10-16").json() == []


def test_metrics_count_open_issues_by_level(api: Api) -> None:
    api.post("/v1/issues", RAISE, "project_unit", "unit-yaodu-001")
    line = 'kpd_issues_open{level="county"} 1.0'
    assert eventually(lambda: line in api.client.get("/metrics").text)
    api.post("/v1/admin/sweep", {"as_of": "2025-10-17"}, "operator")
    assert "kpd_issues_sweep_duration_seconds_count" in api.client.get("/metrics").text


def test_a_deadline_counted_into_a_year_without_a_schedule_says_it_is_provisional(
    api: Api,
) -> None:
    # chinese_calendar knows the holidays up to its last year (2026 when written):
    # ten working days from the 28th of December run into January of the next year.
    from servicekit.calendar import statutory_years

    last_known = statutory_years()[-1]
    late = api.post(
        "/v1/issues",
        {**RAISE, "raised_on": f"{last_known}-12-28"},
        "project_unit",
        "unit-yaodu-001",
    ).json()
    assert late["deadline"].startswith(f"{last_known + 1}-01-")
    assert late["deadline_provisional"] is True
    assert f"{last_known + 1} 年的法定节假日安排尚未载入" in late["deadline_note"]
    known = api.post("/v1/issues", RAISE, "project_unit", "unit-yaodu-001").json()
    assert (known["deadline_provisional"], known["deadline_note"]) == (False, None)

    def listed() -> dict[str, bool]:
        return {row["id"]: row["deadline_provisional"] for row in api.get("/v1/issues").json()}

    assert eventually(lambda: len(listed()) == 2)  # the read model catches up
    assert listed() == {late["id"]: True, known["id"]: False}
    assert "kpd_issues_deadline_provisional 1.0" in api.client.get("/metrics").text


def test_the_offices_override_file_makes_the_next_year_known(tmp_path: Path) -> None:
    """KPD_CALENDAR_OVERRIDES_FILE: the year's holidays loaded before chinese_calendar has
    them; New Year's Day is then not counted and the deadline is not provisional."""
    from servicekit.calendar import statutory_years

    last_known = statutory_years()[-1]
    year = last_known + 1
    overrides = tmp_path / "calendar-overrides.yaml"
    overrides.write_text(f"{year}:\n  holidays: [{year}-01-01]\n  workdays: []\n")
    settings = local_settings("issues", tmp_path / "var", calendar_overrides_file=overrides)
    migrate(settings)
    with TestClient(create_app(settings)) as client:
        app = client.app.state.runtime.app  # type: ignore[attr-defined]
        learn_the_project(app)
        api = Api(client, settings.dev_key_path)
        body = {**RAISE, "raised_on": f"{last_known}-12-28"}
        issue = api.post("/v1/issues", body, "project_unit", "unit-yaodu-001").json()
    counted_mon_fri = WorkingDayCalendar().add_working_days(date(last_known, 12, 28), 10).date
    assert (issue["deadline_provisional"], issue["deadline_note"]) == (False, None)
    assert date.fromisoformat(issue["deadline"]) > counted_mon_fri  # 1 January is off


def test_a_missing_override_file_stops_start_up(tmp_path: Path) -> None:
    settings = local_settings(
        "issues", tmp_path / "var", calendar_overrides_file=tmp_path / "absent.yaml"
    )
    migrate(settings)
    with pytest.raises(FileNotFoundError):
        create_app(settings)


def test_the_problem_list_exports_with_chinese_labels(api: Api) -> None:
    issue = api.post("/v1/issues", RAISE, "project_unit", "unit-yaodu-001").json()
    eventually(lambda: api.get("/v1/issues").json())
    answer = api.get("/v1/issues.xlsx", county="yaodu")
    assert answer.status_code == 200, answer.text
    assert (
        "filename*=UTF-8''%E9%97%AE%E9%A2%98%E6%B8%85%E5%8D%95.xlsx"
        in answer.headers["content-disposition"]
    )
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    header, row = list(sheet.iter_rows(values_only=True))[:2]
    record = dict(zip(header, row, strict=True))
    assert (record["问题"], record["当前层级"], record["状态"]) == (
        RAISE["title"],
        "县级",
        "已交办",
    )
    assert record["项目"] == "临汾市尧都区综合管廊工程"
    assert record["问题编号"] == issue["id"]
    assert api.get("/v1/issues.csv", "county", "houma").text == (
        "\ufeff" + ",".join(str(h) for h in header) + "\r\n"
    )  # another county's officer gets the headers and none of yaodu's rows
