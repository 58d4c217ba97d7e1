"""A provisional deadline recounted on real processes (registry + issues, real NATS),
on SQLite and PostgreSQL.

An issue raised on 28 December of the calendar library's last year is due in January
of a year whose holidays are not known: the answer says the deadline is provisional.
The office then drops that year's schedule into its override file; the next sweep
re-reads it, counts the same working days again (New Year's Day is now off, so the
deadline moves one working day later), records and publishes IssueDeadlineRecomputed
with the old and new date, and the issue no longer says provisional.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from contracts.issues import IssueDeadlineRecomputed
from servicekit.calendar import WorkingDayCalendar, statutory_years
from tests.support import Suite, wait_for

UNIT = "unit-yaodu-001"
YEAR = statutory_years()[-1] + 1
RAISED_ON = date(YEAR - 1, 12, 28)


def _call(suite: Suite, method: str, path: str, role: str, **kwargs: Any) -> httpx.Response:
    unit = UNIT if role == "project_unit" else None
    url = suite.services["issues"].url + path
    return httpx.request(method, url, headers=suite.headers(role, unit), timeout=30, **kwargs)


def test_a_schedule_dropped_into_the_override_file_recounts_the_deadline(
    suite: Suite,
) -> None:
    overrides = suite.root / "calendar-overrides.yaml"
    overrides.write_text("# 尚未载入任何年份\n", encoding="utf-8")
    suite.start("registry")
    suite.service("issues").start({"KPD_CALENDAR_OVERRIDES_FILE": str(overrides)})
    project_id = suite.register_project(year=YEAR - 1)
    known = f"/v1/known-projects/{project_id}"
    wait_for(
        lambda: _call(suite, "GET", known, "office").status_code == 200,
        timeout=30,
        what="issues to learn the project",
    )
    body = {
        "project_id": project_id, "category": "land", "title": "项目用地手续未批",
        "description": "供地手续滞后", "raised_by": "project_unit",
        "raised_on": RAISED_ON.isoformat(),
    }  # fmt: skip
    raised = _call(suite, "POST", "/v1/issues", "project_unit", json=body)
    assert raised.status_code == 201, raised.text
    issue = raised.json()
    guessed = date.fromisoformat(issue["deadline"])
    assert issue["deadline_provisional"] is True
    sweep = {"json": {"as_of": RAISED_ON.isoformat()}}
    assert _call(suite, "POST", "/v1/admin/sweep", "operator", **sweep).json()["recomputed"] == []

    overrides.write_text(f"{YEAR}:\n  holidays: [{YEAR}-01-01]\n  workdays: []\n", "utf-8")
    swept = _call(suite, "POST", "/v1/admin/sweep", "operator", **sweep).json()
    moved = WorkingDayCalendar({YEAR: {"holidays": [f"{YEAR}-01-01"], "workdays": []}})
    expected = moved.add_working_days(guessed, 1).date
    assert swept["recomputed"] == [
        {
            "issue_id": issue["id"],
            "previous_deadline": guessed.isoformat(),
            "deadline": expected.isoformat(),
        }
    ]
    detail = _call(suite, "GET", f"/v1/issues/{issue['id']}", "office").json()
    assert (detail["deadline"], detail["deadline_provisional"]) == (expected.isoformat(), False)
    assert detail["history"][-1]["label"] == "期限重算"
    assert detail["history"][-1]["data"]["previous_deadline"] == guessed.isoformat()

    def published() -> list[IssueDeadlineRecomputed]:
        return [
            IssueDeadlineRecomputed.model_validate(event.data)
            for event in suite.cloud_events("KPD_ISSUES")
            if event.type.startswith("kpd.issues.IssueDeadlineRecomputed")
        ]

    wait_for(
        lambda: len(published()) == 1, timeout=30, what="IssueDeadlineRecomputed on KPD_ISSUES"
    )
    event = published()[0]
    assert (event.previous_deadline, event.deadline, event.provisional) == (
        guessed,
        expected,
        False,
    )
    assert (event.project_id, event.county) == (project_id, "yaodu")
    again = _call(suite, "POST", "/v1/admin/sweep", "operator", **sweep).json()
    assert again["recomputed"] == []
