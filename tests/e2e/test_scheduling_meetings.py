"""Scheduling on real processes (registry, issues, scheduling), on SQLite and PostgreSQL.

The organisation arrives from the registry's events; the year's calendar is built
on statutory working days; a topical meeting's agenda shows a live issue; its
minutes assign work that the issues service turns into an issue; a sweep flags a
missing county report; an interview required by the assessment becomes a meeting.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime
from typing import Any

import httpx
import nats

from contracts.assessment import CountyInterviewRequired
from contracts.envelope import build_event
from contracts.issues import IssueRaised
from contracts.scheduling import CountyReportMissing, DecisionAssigned, MeetingScheduled
from servicekit.calendar import WorkingDayCalendar
from tests.support import Suite, wait_for

TOPICAL = "topical.investment_transport.2025-06"


def _post(suite: Suite, service: str, path: str, body: Any = None, **auth: Any) -> httpx.Response:
    return httpx.post(
        suite.services[service].url + path, json=body, headers=suite.headers(**auth), timeout=30
    )


def _get(suite: Suite, service: str, path: str, **params: Any) -> httpx.Response:
    return httpx.get(
        suite.services[service].url + path, params=params, headers=suite.headers(), timeout=10
    )


def _of_type(suite: Suite, stream: str, event_type: str) -> list[dict[str, Any]]:
    return [e.data for e in suite.cloud_events(stream) if e.type == event_type]


async def _publish_assessment(url: str, payload: CountyInterviewRequired) -> None:
    event = build_event(
        payload,
        event_id="5f0c0b7e-0000-4000-8000-000000000001",
        subject="test",
        time=datetime(2025, 6, 3, 2, tzinfo=UTC),
        meta={},
        sequence=1,
        aggregate_version=1,
    )
    nc = await nats.connect(url)
    try:
        js = nc.jetstream()
        await js.publish(
            event.type, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id}
        )
    finally:
        await nc.close()


def test_calendar_agenda_minutes_issue_sweep_interview(suite: Suite) -> None:
    for service in ("registry", "issues", "scheduling"):
        suite.start(service)

    # The organisation reaches scheduling through the registry's events.
    def learned() -> bool:
        counts = _get(suite, "scheduling", "/v1/org/known").json()["counts"]
        return bool(counts.get("county") == 18 and counts.get("subcommand") == 6)

    wait_for(learned, timeout=30, what="scheduling learned the organisation")
    first = _post(suite, "scheduling", "/v1/calendars/2025")
    assert first.status_code == 200, first.text
    assert first.json()["created"] == 298
    again = _post(suite, "scheduling", "/v1/calendars/2025").json()
    assert again["counts"] == {"plenary": 4, "dispatch": 6, "topical": 72, "county": 216}
    assert again["created"] == 0
    scheduled_type = MeetingScheduled.type_name()
    wait_for(
        lambda: len(_of_type(suite, "KPD_SCHEDULING", scheduled_type)) == 298,
        timeout=30,
        what="298 MeetingScheduled published",
    )
    calendar = WorkingDayCalendar()
    scheduled = _of_type(suite, "KPD_SCHEDULING", scheduled_type)
    assert all(calendar.is_working_day(date.fromisoformat(m["date"])) for m in scheduled)

    # A live issue in the investment_transport sector reaches the topical agenda.
    project_id = suite.register_project(year=2025, county="jixian", sector="transport")
    issue_body = {
        "project_id": project_id,
        "category": "land",
        "title": "用地报批滞后",
        "raised_by": "county",
        "raised_on": "2025-06-02",
    }
    answers: list[httpx.Response] = []

    def raised() -> bool:
        answers.append(_post(suite, "issues", "/v1/issues", issue_body))
        return answers[-1].status_code == 201

    try:
        wait_for(raised, timeout=30, what="issue raised on the registered project")
    except AssertionError:
        raise AssertionError(answers[-1].text) from None

    def agenda_issues() -> list[dict[str, Any]]:
        items = _get(suite, "scheduling", f"/v1/meetings/{TOPICAL}/agenda").json()["items"]
        return [item for item in items if item["kind"] == "issue"]

    wait_for(lambda: len(agenda_issues()) == 1, timeout=30, what="issue on the agenda")

    # Minutes assigning work to natural_resources become an issue in the issues service.
    minutes = {
        "held_on": "2025-06-24",
        "attendees": ["胡晓刚"],
        "decisions": [
            {
                "text": "市规划和自然资源局牵头解决用地报批",
                "assignee": "natural_resources",
                "deadline_working_days": 10,
                "project_id": project_id,
                "county": "jixian",
            }
        ],
    }
    held = _post(
        suite,
        "scheduling",
        f"/v1/meetings/{TOPICAL}/minutes",
        minutes,
        role="subcommand_commander",
        unit="investment_transport",
    )
    assert held.status_code == 200, held.text
    wait_for(
        lambda: any(
            d["meeting_id"] == TOPICAL
            for d in _of_type(suite, "KPD_SCHEDULING", DecisionAssigned.type_name())
        ),
        timeout=15,
        what="DecisionAssigned published",
    )
    seconds = wait_for(
        lambda: any(
            i.get("source") == "meeting"
            and i.get("meeting_id") == TOPICAL
            and i.get("assignee") == "natural_resources"
            for i in _of_type(suite, "KPD_ISSUES", IssueRaised.type_name())
        ),
        timeout=15,
        what="the decision became an issue",
    )
    assert seconds < 15

    # A county that did not report its May meeting is flagged by the sweep.
    swept = _post(suite, "scheduling", "/v1/admin/sweep", {"as_of": "2025-06-10"}, role="operator")
    assert {"county": "houma", "month": "2025-05", "deadline": "2025-06-09"} in swept.json()[
        "county_reports_missing"
    ]
    wait_for(
        lambda: any(
            m["county"] == "houma" and m["month"] == "2025-05"
            for m in _of_type(suite, "KPD_SCHEDULING", CountyReportMissing.type_name())
        ),
        timeout=15,
        what="CountyReportMissing published",
    )

    # The assessment requires an interview: an interview meeting appears.
    required = CountyInterviewRequired(
        county="daning", month="2025-05", reason="three_consecutive_low"
    )
    asyncio.run(_publish_assessment(suite.nats.url, required))
    wait_for(
        lambda: (
            _get(suite, "scheduling", "/v1/meetings/interview.daning.2025-05").status_code == 200
        ),
        timeout=15,
        what="interview meeting scheduled",
    )
    interview = _get(suite, "scheduling", "/v1/meetings/interview.daning.2025-05").json()
    assert interview["series"] == "interview"
    assert interview["county"] == "daning"
