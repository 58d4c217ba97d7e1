"""The scheduling API over HTTP, in process, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

from contracts.issues import IssueRaised
from contracts.registry import ProjectRegistered, ProjectWarningChanged
from servicekit.calendar import WorkingDayCalendar

TOPICAL = "topical.investment_transport.2025-06"
Api = Any  # the conftest's Api helper (client, tokens, feed, catch_up)


def test_generating_2025_twice_yields_the_cadence_on_working_days(api: Api) -> None:
    first = api.client.post("/v1/calendars/2025", headers=api.auth())
    second = api.client.post("/v1/calendars/2025", headers=api.auth())
    assert first.status_code == 200, first.text
    expected = {"plenary": 4, "dispatch": 6, "topical": 72, "county": 216}
    assert first.json()["counts"] == expected
    assert first.json()["created"] == 298
    assert second.json()["counts"] == expected
    assert second.json()["created"] == 0
    api.catch_up()
    listed = api.client.get(
        "/v1/meetings",
        params={"from": "2025-01-01", "to": "2025-12-31"},
        headers=api.auth("auditor"),
    ).json()
    calendar = WorkingDayCalendar()
    assert len(listed) == 298
    assert all(calendar.is_working_day(date.fromisoformat(m["date"])) for m in listed)
    topical = api.client.get(
        "/v1/meetings",
        params={"series": "topical", "subcommand": "investment_transport"},
        headers=api.auth("county", "yaodu"),
    ).json()
    assert [m["month"] for m in topical] == [f"2025-{n:02d}" for n in range(1, 13)]
    assert {m["chair"] for m in topical} == {"胡晓刚"}


def test_calendar_needs_a_planner_and_a_token(api: Api) -> None:
    assert api.client.post("/v1/calendars/2025").status_code == 401
    assert (
        api.client.post("/v1/calendars/2025", headers=api.auth("county", "yaodu")).status_code
        == 403
    )


def test_agenda_then_minutes_freeze_it_and_assign_work(api: Api) -> None:
    api.client.post("/v1/calendars/2025", headers=api.auth())
    api.feed(
        ProjectRegistered(
            project_id="p-1",
            name="临汾至吉县高速公路",
            county="jixian",
            sector="transport",
            subcommand="investment_transport",
            level="provincial",
            year=2025,
            project_unit="u-1",
            total_investment="100.0000",
            annual_planned_investment="10.0000",
            planned_start=date(2025, 3, 1),
            planned_completion=date(2027, 1, 1),
            is_new=True,
            is_industrial=False,
        )
    )
    api.feed(
        ProjectWarningChanged(
            project_id="p-1",
            county="jixian",
            subcommand="investment_transport",
            month="2025-05",
            start_light="green",
            investment_light="red",
            overall="red",
        )
    )
    api.feed(
        IssueRaised(
            issue_id="iss-1",
            project_id="p-1",
            county="jixian",
            subcommand="investment_transport",
            category="land",
            title="用地报批滞后",
            level="subcommand",
            assignee="natural_resources",
            deadline=date(2025, 6, 30),
            raised_on=date(2025, 6, 2),
            source="county",
        )
    )
    api.catch_up()
    agenda = api.client.get(f"/v1/meetings/{TOPICAL}/agenda", headers=api.auth()).json()
    assert agenda["frozen"] is False
    kinds = {
        (item["kind"], item.get("issue_id") or item.get("project_id")) for item in agenda["items"]
    }
    assert kinds == {("issue", "iss-1"), ("project", "p-1")}
    [issue_item] = [item for item in agenda["items"] if item["kind"] == "issue"]
    # People read names; the id stays in the machine field.
    assert issue_item["assignee"] == "natural_resources"
    assert "责任单位 市规划和自然资源局" in issue_item["text"]
    assert "natural_resources" not in issue_item["text"]

    minutes = {
        "held_on": "2025-06-24",
        "attendees": ["胡晓刚", "市规划和自然资源局"],
        "decisions": [
            {
                "text": "市规划和自然资源局牵头解决用地报批",
                "assignee": "natural_resources",
                "deadline_working_days": 10,
                "project_id": "p-1",
                "county": "jixian",
            }
        ],
    }
    refused = api.client.post(
        f"/v1/meetings/{TOPICAL}/minutes", json=minutes, headers=api.auth("county", "jixian")
    )
    assert refused.status_code == 403
    stale = api.client.post(
        f"/v1/meetings/{TOPICAL}/minutes",
        json=minutes,
        headers={**api.auth("subcommand_commander", "investment_transport"), "If-Match": '"7"'},
    )
    assert stale.status_code == 412
    held = api.client.post(
        f"/v1/meetings/{TOPICAL}/minutes",
        json=minutes,
        headers=api.auth("subcommand_commander", "investment_transport"),
    )
    assert held.status_code == 200, held.text
    assert held.json()["status"] == "held"
    assert held.json()["version"] == 3
    again = api.client.post(f"/v1/meetings/{TOPICAL}/minutes", json=minutes, headers=api.auth())
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    frozen = api.client.get(f"/v1/meetings/{TOPICAL}/agenda", headers=api.auth()).json()
    assert frozen["frozen"] is True
    assert len(frozen["items"]) == 2


def test_bad_input_names_the_field(api: Api) -> None:
    api.client.post("/v1/calendars/2025", headers=api.auth())
    bad = api.client.post(
        f"/v1/meetings/{TOPICAL}/minutes",
        json={"held_on": "2025-06-24", "decisions": [{"text": "x", "deadline_working_days": 0}]},
        headers=api.auth(),
    )
    assert bad.status_code == 422
    assert any("deadline_working_days" in e["field"] for e in bad.json()["errors"])
    unknown = api.client.get("/v1/meetings/topical.nowhere.2025-06", headers=api.auth())
    assert unknown.status_code == 404


def test_county_report_sweep_and_ical(api: Api) -> None:
    api.client.post("/v1/calendars/2025", headers=api.auth())
    filed = api.client.post(
        "/v1/county-reports",
        json={"county": "yaodu", "month": "2025-05", "held_on": "2025-05-27", "summary": "已召开"},
        headers=api.auth("county", "yaodu"),
    )
    assert filed.status_code == 201, filed.text
    other = api.client.post(
        "/v1/county-reports",
        json={"county": "houma", "month": "2025-05", "held_on": "2025-05-27"},
        headers=api.auth("county", "yaodu"),
    )
    assert other.status_code == 403
    assert (
        api.client.post(
            "/v1/admin/sweep", json={"as_of": "2025-06-10"}, headers=api.auth("county", "yaodu")
        ).status_code
        == 403
    )
    swept = api.client.post(
        "/v1/admin/sweep", json={"as_of": "2025-06-10"}, headers=api.auth("operator")
    )
    missing = swept.json()["county_reports_missing"]
    assert {"county": "houma", "month": "2025-05", "deadline": "2025-06-09"} in missing
    assert not any(m["county"] == "yaodu" and m["month"] == "2025-05" for m in missing)
    again = api.client.post(
        "/v1/admin/sweep", json={"as_of": "2025-06-10"}, headers=api.auth("operator")
    )
    assert again.json()["county_reports_missing"] == []
    api.catch_up()
    ics = api.client.get("/v1/meetings.ics", params={"county": "yaodu"}, headers=api.auth())
    assert ics.headers["content-type"].startswith("text/calendar")
    assert ics.text.count("BEGIN:VEVENT") == 12
    assert "DTSTART;VALUE=DATE:20250624" in ics.text
    accept = api.client.get(
        "/v1/meetings",
        params={"series": "plenary"},
        headers={**api.auth(), "Accept": "text/calendar"},
    )
    assert accept.text.count("BEGIN:VEVENT") == 4
