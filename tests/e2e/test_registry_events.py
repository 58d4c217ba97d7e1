"""The registry on real processes: its contract events on JetStream, and issues' events in.

Runs on SQLite and PostgreSQL. Corrections reach consumers with exact cumulative
figures; an approval step's clock counts the statutory calendar; an issue escalated
to HQ (published on the issues stream) makes its project a sponsorship candidate.
"""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime
from typing import Any

import httpx
import nats

from contracts.base import EventData
from contracts.envelope import build_event
from contracts.issues import IssueEscalated, IssueRaised
from tests.support import Suite, wait_for


def post(suite: Suite, path: str, body: dict[str, Any], role: str = "office") -> Any:
    response = httpx.post(
        suite.services["registry"].url + path, json=body, headers=suite.headers(role), timeout=10
    )
    assert response.status_code in (200, 201), response.text
    return response.json()


def events_of(suite: Suite, name: str, project_id: str | None = None) -> list[dict[str, Any]]:
    return [
        e.data
        for e in suite.cloud_events("KPD_REGISTRY")
        if e.type == f"kpd.registry.{name}.v1"
        and (project_id is None or e.data.get("project_id") == project_id)
    ]


def test_registry_events_carry_exact_figures(suite: Suite) -> None:
    suite.start("registry")
    project_id = suite.register_project()
    reports = f"/v1/projects/{project_id}/reports"
    post(suite, reports, {"month": "2026-03", "investment_completed": "1234.5678"})
    post(suite, reports, {"month": "2026-04", "investment_completed": "100.0001"})
    post(suite, reports, {"month": "2026-03", "investment_completed": "1000.1234"})
    clock = post(
        suite,
        f"/v1/projects/{project_id}/approvals",
        {"step": "project_code", "submitted_on": "2025-09-26", "granted_on": "2025-10-16"},
    )
    assert (clock["working_days_used"], clock["limit"]) == (10, 20)

    wait_for(lambda: len(events_of(suite, "ProgressReported", project_id)) == 3, what="reports")
    reported = events_of(suite, "ProgressReported", project_id)
    assert [(r["month"], r["correction"]) for r in reported] == [
        ("2026-03", False),
        ("2026-04", False),
        ("2026-03", True),
    ]
    assert reported[-1]["investment_completed"] == "1000.1234"
    assert reported[1]["cumulative_investment"] == "1334.5679"
    assert reported[-1]["cumulative_investment"] == "1000.1234"  # through March
    wait_for(lambda: events_of(suite, "ApprovalStepRecorded", project_id), what="approval")
    step = events_of(suite, "ApprovalStepRecorded", project_id)[0]
    assert (step["working_days_used"], step["limit"]) == (10, 20)
    counties = [e for e in events_of(suite, "OrgUnitRegistered") if e["kind"] == "county"]
    assert len(counties) == 18


def publish_issue_events(url: str, events: list[EventData]) -> None:
    async def publish() -> None:
        nc = await nats.connect(url)
        try:
            js = nc.jetstream()
            for number, payload in enumerate(events, start=1):
                event = build_event(
                    payload,
                    event_id=str(uuid.uuid4()),
                    subject=str(getattr(payload, "issue_id", "")),
                    time=datetime.now(UTC),
                    meta={"actor": "test-issues"},
                    sequence=number,
                    aggregate_version=number,
                )
                await js.publish(event.type, event.model_dump_json().encode())
        finally:
            await nc.close()

    asyncio.run(publish())


def test_an_issue_escalated_to_hq_makes_a_sponsorship_candidate(suite: Suite) -> None:
    registry = suite.start("registry")
    project_id = suite.register_project(is_new=False)
    common = {"issue_id": "iss-e2e-1", "project_id": project_id, "county": "yaodu"}
    publish_issue_events(
        suite.nats.url,
        [
            IssueRaised(
                **common,
                category="land",
                title="用地指标不足",
                level="county",
                assignee="yaodu",
                deadline=date(2026, 4, 1),
                raised_on=date(2026, 3, 18),
                source="county",
            ),
            IssueEscalated(
                **common,
                from_level="county",
                to_level="hq",
                reason="县级无法协调",
                assignee="office",
                deadline=date(2026, 4, 22),
                on=date(2026, 4, 2),
            ),
        ],
    )

    def reasons() -> list[str]:
        rows = httpx.get(
            registry.url + "/v1/sponsorship/candidates",
            headers=suite.headers("commander"),
            timeout=5,
        ).json()
        return next((r["reasons"] for r in rows if r["project_id"] == project_id), [])

    wait_for(lambda: reasons() == ["problematic"], what="the escalated issue to be seen")
