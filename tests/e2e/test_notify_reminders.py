"""Notify on real processes (registry, issues, scheduling, notify), on SQLite and PostgreSQL.

An issue raised with its deadline near is told to the county at once; the sweep
two working days before the deadline tells it again (临期提醒); the issues
sweep past the deadline escalates it and notify tells the department that now
answers and the county it came from; an interview the assessment requires
reaches the county. Each notification is in the unit's inbox and in the real
SMTP server exactly once, also after the sweeps run again.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import httpx
import nats

from contracts.assessment import CountyInterviewRequired
from contracts.envelope import build_event
from tests.notify_support import HookReceiver, MailSink
from tests.support import Suite, wait_for

YAODU_MAIL = "yaodu-xmb@example.cn"
NR_MAIL = "zrzy@example.cn"


def _call(
    suite: Suite, method: str, service: str, path: str, body: Any = None, **auth: Any
) -> httpx.Response:
    return httpx.request(
        method,
        suite.services[service].url + path,
        json=body,
        headers=suite.headers(**auth),
        timeout=30,
    )


def _inbox(suite: Suite, role: str, unit: str | None = None) -> dict[str, Any]:
    answer = _call(suite, "GET", "notify", "/v1/inbox?limit=200", role=role, unit=unit)
    assert answer.status_code == 200, answer.text
    return dict(answer.json())


def _kinds(inbox: dict[str, Any]) -> Counter[str]:
    return Counter(item["kind"] for item in inbox["items"])


async def _require_interview(url: str) -> None:
    payload = CountyInterviewRequired(
        county="yaodu", month="2025-09", reason="three_consecutive_low"
    )
    event = build_event(
        payload,
        event_id="7a0c0b7e-0000-4000-8000-000000000001",
        subject="test",
        time=datetime(2025, 10, 9, 2, tzinfo=UTC),
        meta={},
        sequence=1,
        aggregate_version=1,
    )
    nc = await nats.connect(url)
    try:
        await nc.jetstream().publish(
            event.type, event.model_dump_json().encode(), headers={"Nats-Msg-Id": event.id}
        )
    finally:
        await nc.close()


def test_due_soon_escalation_and_interview_reach_the_county_once(suite: Suite) -> None:
    mail, hooks = MailSink(), HookReceiver()
    mail.start()
    hooks.start()
    try:
        _run(suite, mail, hooks)
    finally:
        suite.stop_all()
        mail.stop()
        hooks.stop()


def _run(suite: Suite, mail: MailSink, hooks: HookReceiver) -> None:
    for name in ("registry", "issues", "scheduling"):
        suite.start(name)
    notify = suite.service("notify")
    notify.start({**mail.env(), "KPD_NOTIFY_WEBHOOK_SECRET": "s3cret"})

    contact = {"email": YAODU_MAIL, "webhook_url": hooks.url + "/robot", "webhook_kind": "wecom"}
    answer = _call(suite, "PUT", "notify", "/v1/contacts/yaodu", contact)
    assert answer.status_code == 200, answer.text
    assert _call(
        suite, "PUT", "notify", "/v1/contacts/natural_resources", {"email": NR_MAIL}
    ).is_success
    refused = _call(suite, "PUT", "notify", "/v1/contacts/yaodu", {"email": "not an address"})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert (
        _call(
            suite, "PUT", "notify", "/v1/contacts/yaodu", contact, role="county", unit="yaodu"
        ).status_code
        == 403
    )

    project_id = suite.register_project(year=2025)
    known = suite.services["issues"].url + f"/v1/known-projects/{project_id}"
    wait_for(lambda: httpx.get(known, headers=suite.headers(), timeout=5).status_code == 200,
             timeout=30, what="issues to learn the project")  # fmt: skip
    body = {
        "project_id": project_id, "category": "land", "title": "项目用地手续未批",
        "description": "供地手续滞后", "raised_by": "project_unit", "raised_on": "2025-09-26",
    }  # fmt: skip
    raised = _call(
        suite, "POST", "issues", "/v1/issues", body, role="project_unit", unit="unit-yaodu-001"
    )
    assert raised.status_code == 201, raised.text
    issue = raised.json()
    assert (issue["deadline"], issue["assignee"]) == ("2025-10-16", "yaodu")

    wait_for(lambda: _kinds(_inbox(suite, "county", "yaodu"))["issue_raised"] == 1,
             timeout=30, what="the raised issue in the county's inbox")  # fmt: skip

    # Three working days before the deadline: not yet; two: told, once however often swept.
    early = _call(
        suite, "POST", "notify", "/v1/admin/sweep", {"as_of": "2025-10-13"}, role="operator"
    )
    assert early.status_code == 200, early.text
    assert early.json()["due_soon"] == []
    for _ in range(2):
        swept = _call(
            suite, "POST", "notify", "/v1/admin/sweep", {"as_of": "2025-10-14"}, role="operator"
        )
        assert swept.status_code == 200, swept.text
    first = _call(
        suite, "POST", "notify", "/v1/admin/sweep", {"as_of": "2025-10-15"}, role="operator"
    )
    assert first.json()["due_soon"] == []  # told on the 14th for this deadline already

    escalated = _call(
        suite, "POST", "issues", "/v1/admin/sweep", {"as_of": "2025-10-17"}, role="operator"
    )
    assert escalated.json()["escalated"], escalated.text
    asyncio.run(_require_interview(suite.nats.url))

    def county_told() -> bool:
        kinds = _kinds(_inbox(suite, "county", "yaodu"))
        return kinds["issue_escalated"] == 1 and kinds["interview_scheduled"] == 1

    wait_for(county_told, timeout=60, what="the escalation and the interview in yaodu's inbox")
    inbox = _inbox(suite, "county", "yaodu")
    kinds = _kinds(inbox)
    assert kinds == Counter(
        {"issue_raised": 1, "issue_due_soon": 1, "issue_escalated": 1, "interview_scheduled": 1}
    ), kinds
    due = next(i for i in inbox["items"] if i["kind"] == "issue_due_soon")
    assert "2025-10-16" in due["subject"]
    assert "尧都区" in due["body"]
    assert "临汾市尧都区综合管廊工程" in due["body"]
    assert "还剩 2 个工作日" in due["body"]
    assert due["link"].endswith(f"/issues/{issue['id']}")
    department = _kinds(_inbox(suite, "department", "natural_resources"))
    assert department["issue_escalated"] == 1, department
    assert _inbox(suite, "county", "houma")["total"] == 0  # another county hears nothing

    # Every one of them in the real mail server and at the robot, exactly once.
    wait_for(lambda: len(mail.to(YAODU_MAIL)) >= 4 and len(mail.to(NR_MAIL)) >= 1,
             timeout=60, what="the e-mails")  # fmt: skip
    wait_for(lambda: len(hooks.requests) >= 4, timeout=60, what="the robot messages")
    time.sleep(1.5)  # a second copy, were one coming, would be on its way by now
    assert (len(mail.to(YAODU_MAIL)), len(mail.to(NR_MAIL))) == (4, 1), mail.ids()
    assert len(hooks.requests) == 4, [body for _, _, body in hooks.requests]
    assert len(set(mail.ids())) == len(mail.ids())
    subjects = sorted(str(m["Subject"]) for m in mail.to(YAODU_MAIL))
    assert any(s.startswith("【约谈通知】") for s in subjects), subjects
    assert all(body["msgtype"] == "markdown" for _, _, body in hooks.requests)

    # Read marks: one's own only; the unread count goes down; unread first.
    target = inbox["items"][-1]["id"]
    assert (
        _call(
            suite, "POST", "notify", f"/v1/inbox/{target}/read", role="county", unit="houma"
        ).status_code
        == 403
    )
    marked = _call(suite, "POST", "notify", f"/v1/inbox/{target}/read", role="county", unit="yaodu")
    assert marked.status_code == 200, marked.text
    wait_for(lambda: _inbox(suite, "county", "yaodu")["unread"] == 3, timeout=10, what="read mark")
    assert _inbox(suite, "county", "yaodu")["items"][-1]["id"] == target
    missing = _call(
        suite,
        "POST",
        "notify",
        "/v1/inbox/00000000-0000-4000-8000-000000000000/read",
        role="county",
        unit="yaodu",
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")

    # Delivery outcomes are events on KPD_NOTIFY: one NotificationSent per channel reached.
    sent = [
        e for e in suite.cloud_events("KPD_NOTIFY") if e.type == "kpd.notify.NotificationSent.v1"
    ]
    per_channel = Counter(e.data["channel"] for e in sent if e.data["recipient"] == "yaodu")
    assert per_channel == Counter({"inbox": 4, "email": 4, "webhook": 4}), per_channel
