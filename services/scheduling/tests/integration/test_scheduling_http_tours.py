"""The scheduling API over HTTP, in process, on SQLite and PostgreSQL."""

from __future__ import annotations

import time
from datetime import UTC, date, datetime
from typing import Any

from contracts.registry import ProjectRegistered

TOPICAL = "topical.investment_transport.2025-06"
Api = Any  # the conftest's Api helper (client, tokens, feed, catch_up)


def test_tour_allocation_is_explained_per_county(api: Api) -> None:
    for n, county in enumerate(["yaodu", "yaodu", "yaodu", "houma"]):
        api.feed(
            ProjectRegistered(
                project_id=f"q-{n}",
                name=f"项目{n}",
                county=county,
                sector="transport",
                subcommand="investment_transport",
                level="city",
                year=2025,
                project_unit="u",
                total_investment="1.0000",
                annual_planned_investment="1.0000",
                planned_start=date(2025, 3, 1),
                planned_completion=date(2026, 1, 1),
                is_new=True,
                is_industrial=False,
            )
        )
    api.catch_up()
    planned = api.client.post("/v1/tours/2025/h1", json={"slots": 5}, headers=api.auth())
    assert planned.status_code == 200, planned.text
    body = planned.json()
    assert body["allocation"]["yaodu"] == 4
    assert body["allocation"]["houma"] == 1
    assert body["allocation"]["daning"] == 0
    shares = {s["county"]: s for s in body["shares"]}
    assert shares["yaodu"]["quota"] == "3.7500"
    assert "最大余额法" in shares["yaodu"]["explanation"]
    assert "不安排观摩" in shares["daning"]["explanation"]


def test_adhoc_reschedule_cancel_and_as_of(api: Api) -> None:
    body = {
        "title": "尧都区用地专题会",
        "chair": "尧都区区长",
        "date": "2025-03-08",
        "level": "county",
        "county": "yaodu",
    }
    other = api.client.post("/v1/meetings", json=body, headers=api.auth("county", "houma"))
    assert other.status_code == 403
    created = api.client.post("/v1/meetings", json=body, headers=api.auth("county", "yaodu"))
    assert created.status_code == 201, created.text
    meeting_id = created.json()["meeting_id"]
    before = datetime.now(UTC)
    time.sleep(0.01)
    moved = api.client.post(
        f"/v1/meetings/{meeting_id}/reschedule",
        json={"date": "2025-03-11", "reason": "与省级会议冲突"},
        headers={**api.auth("county", "yaodu"), "If-Match": '"1"'},
    )
    assert moved.status_code == 200, moved.text
    assert moved.json()["date"] == "2025-03-11"
    assert moved.json()["version"] == 2
    then = api.client.get(
        f"/v1/meetings/{meeting_id}", params={"as_of": before.isoformat()}, headers=api.auth()
    )
    assert then.json()["date"] == "2025-03-08"
    hidden = api.client.get(f"/v1/meetings/{meeting_id}", headers=api.auth("county", "houma"))
    assert hidden.status_code == 403
    cancelled = api.client.post(
        f"/v1/meetings/{meeting_id}/cancel", json={"reason": "并入月度调度会"}, headers=api.auth()
    )
    assert cancelled.json()["status"] == "cancelled"
    refused = api.client.post(
        f"/v1/meetings/{meeting_id}/cancel", json={"reason": "再次取消"}, headers=api.auth()
    )
    assert refused.status_code == 409
