"""Approval clocks, year lists, sponsorship candidates and the calendar over HTTP."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

from eventsourcing.persistence import Tracking

from contracts.envelope import build_event
from contracts.issues import IssueClosed, IssueEscalated, IssueRaised
from registry.policies import handlers
from servicekit.messaging.consumer import Incoming


def test_step_across_national_day_uses_10_of_20(api: Any) -> None:
    project = api.register()
    response = api.client.post(
        f"/v1/projects/{project['id']}/approvals",
        json={"step": "project_code", "submitted_on": "2025-09-26", "granted_on": "2025-10-16"},
        headers=api.auth("county", "yaodu"),
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["working_days_used"], body["limit"], body["remaining"]) == (10, 20, 10)
    assert body["status"] == "on_track"
    assert body["calendar_source"] == "statutory"
    clock = api.client.get(
        f"/v1/projects/{project['id']}/approvals",
        headers=api.auth("project_unit", "unit-yaodu-001"),
    )
    assert clock.json()["steps"][0]["working_days_used"] == 10
    unknown = api.client.post(
        f"/v1/projects/{project['id']}/approvals",
        json={"step": "teleport", "submitted_on": "2025-09-26"},
        headers=api.auth(),
    )
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["field"] == "body.step"
    again = api.client.post(
        f"/v1/projects/{project['id']}/approvals",
        json={"step": "project_code", "submitted_on": "2025-09-26", "granted_on": "2025-10-17"},
        headers=api.auth(),
    )
    assert again.status_code == 409


def test_expert_review_suspends_the_clock(api: Any) -> None:
    project = api.register()
    base = f"/v1/projects/{project['id']}/approvals"
    api.client.post(
        base, json={"step": "construction_permit", "submitted_on": "2026-02-13"}, headers=api.auth()
    )
    paused = api.client.post(
        f"{base}/construction_permit/suspensions",
        json={"kind": "expert_review", "on": "2026-02-24"},
        headers=api.auth(),
    )
    assert paused.status_code == 200, paused.text
    assert paused.json()["steps"][0]["suspended"] is True
    assert (
        api.client.post(
            f"{base}/construction_permit/suspensions",
            json={"kind": "lunch", "on": "2026-02-25"},
            headers=api.auth(),
        ).status_code
        == 422
    )
    api.client.post(
        f"{base}/construction_permit/resumption", json={"on": "2026-03-03"}, headers=api.auth()
    )
    granted = api.client.post(
        base,
        json={
            "step": "construction_permit",
            "submitted_on": "2026-02-13",
            "granted_on": "2026-03-06",
        },
        headers=api.auth(),
    )
    # 11 working days (02-14 and 02-28 are 调休 Saturdays; 02-15 … 02-23 Spring Festival),
    # less the 6 after the suspension day 02-24 up to the resumption 03-03.
    assert granted.json()["working_days_used"] == 5


def test_working_days_endpoint_says_its_source(api: Any) -> None:
    answer = api.client.get(
        "/v1/calendar/working-days",
        params={"from": "2025-09-26", "to": "2025-10-16"},
        headers=api.auth("county", "yaodu"),
    ).json()
    assert answer == {"count": 10, "source": "statutory", "fallback_years": []}
    far = api.client.get(
        "/v1/calendar/working-days",
        params={"from": "2099-01-02", "to": "2099-01-09"},
        headers=api.auth(),
    ).json()
    assert far["source"] == "fallback"
    assert far["fallback_years"] == [2099]


def test_year_list_draft_confirm_change_by_role(api: Any) -> None:
    first, second = api.register(), api.register(name="第二个项目")
    draft = api.client.post(
        "/v1/key-lists/2026", json={"project_ids": [first["id"]]}, headers=api.auth("office")
    )
    assert draft.status_code == 200, draft.text
    assert draft.json()["status"] == "draft"
    assert (
        api.client.post(
            "/v1/key-lists/2026/confirm", json={}, headers=api.auth("office")
        ).status_code
        == 403
    )
    confirmed = api.client.post(
        "/v1/key-lists/2026/confirm", json={}, headers=api.auth("commander")
    )
    assert confirmed.json()["status"] == "confirmed"
    redraft = api.client.post(
        "/v1/key-lists/2026", json={"project_ids": [second["id"]]}, headers=api.auth("office")
    )
    assert redraft.status_code == 409
    no_reason = api.client.post(
        "/v1/key-lists/2026/changes",
        json={"project_id": second["id"], "change": "added"},
        headers=api.auth("commander"),
    )
    assert no_reason.status_code == 422
    added = api.client.post(
        "/v1/key-lists/2026/changes",
        json={"project_id": second["id"], "change": "added", "reason": "总指挥部会议增补"},
        headers=api.auth("commander"),
    )
    assert added.json()["project_ids"] == [first["id"], second["id"]]
    assert api.client.get("/v1/key-lists/2031", headers=api.auth()).status_code == 404


def _deliver(api: Any, payload: Any, sequence: int) -> None:
    event = build_event(
        payload,
        event_id=f"e-{sequence}",
        subject=payload.issue_id,
        time=datetime.now(UTC),
        meta={},
        sequence=sequence,
        aggregate_version=1,
    )
    handler = handlers(api.app)["issues"][type(payload).type_name()]
    handler(Incoming(event, payload, Tracking("KPD_ISSUES", sequence)))


def test_candidates_follow_the_notice_principle(api: Any) -> None:
    big = api.register(name="大项目", total_investment="100000.0000", is_new=False)
    plain = api.register(name="普通项目", is_new=False)
    new = api.register(name="新项目")
    common = {"project_id": plain["id"], "county": "yaodu", "issue_id": "iss-1"}
    _deliver(
        api,
        IssueRaised(
            **common,
            category="land",
            title="用地指标",
            level="county",
            assignee="yaodu",
            deadline=date(2026, 4, 1),
            raised_on=date(2026, 3, 18),
            source="county",
        ),
        1,
    )
    _deliver(
        api,
        IssueEscalated(
            **common,
            from_level="county",
            to_level="hq",
            reason="县级无法解决",
            assignee="office",
            deadline=date(2026, 4, 20),
            on=date(2026, 4, 2),
        ),
        2,
    )

    def candidates() -> dict[str, list[str]]:
        rows = api.client.get(
            "/v1/sponsorship/candidates", params={"year": 2026}, headers=api.auth("commander")
        ).json()
        return {row["project_id"]: row["reasons"] for row in rows}

    found = api.eventually(lambda: candidates() if plain["id"] in candidates() else None)
    assert found == {big["id"]: ["big"], plain["id"]: ["problematic"], new["id"]: ["new"]}
    _deliver(api, IssueClosed(**common, level="hq", on=date(2026, 5, 1)), 3)
    api.eventually(lambda: plain["id"] not in candidates())
    assert (
        api.client.get(
            "/v1/sponsorship/candidates", headers=api.auth("county", "yaodu")
        ).status_code
        == 403
    )
