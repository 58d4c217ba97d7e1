"""Notify under faults, on real processes: a mail server away for 30 s, every message twice.

1. The SMTP server is down when issues are raised and the due-soon sweep runs,
   and for 30 s after: the inbox and the group robot are told at once (a channel
   that is down blocks no other), every e-mail waits in the store, and when the
   server returns each arrives exactly once.
2. Then notify's durable consumer of the issues stream is deleted and notify
   restarted, so JetStream delivers every issue event a second time: no
   notification is made again and no e-mail is sent twice.
"""

from __future__ import annotations

import asyncio
import time
from collections import Counter
from functools import partial
from typing import Any

import httpx
import nats
import pytest

from tests.faults.support_faults import pending_per_consumer
from tests.notify_support import HookReceiver, MailSink
from tests.support import Suite, metric_value, wait_for

ISSUES = 4
DOWN_S = 30
YAODU_MAIL = "yaodu-xmb@example.cn"
ISSUES_STREAM = "KPD_ISSUES"
DURABLE = "notify--issues"

pytestmark = pytest.mark.slow


def _call(suite: Suite, method: str, service: str, path: str, body: Any = None, **auth: Any) -> Any:
    answer = httpx.request(
        method, suite.services[service].url + path, json=body, headers=suite.headers(**auth),
        timeout=30,
    )  # fmt: skip
    assert answer.is_success, answer.text
    return answer.json()


def _known(suite: Suite, url: str) -> bool:
    return httpx.get(url, headers=suite.headers(), timeout=5).is_success


def _raise_issues(suite: Suite) -> list[str]:
    ids = []
    for n in range(ISSUES):
        project_id = suite.register_project(year=2025, name=f"临汾市尧都区重点项目{n + 1}号")
        known = suite.services["issues"].url + f"/v1/known-projects/{project_id}"
        wait_for(partial(_known, suite, known), timeout=30, what="issues to learn the project")
        body = {
            "project_id": project_id, "category": "land", "title": f"用地手续未批（{n + 1}）",
            "description": "供地手续滞后", "raised_by": "project_unit", "raised_on": "2025-09-26",
        }  # fmt: skip
        issue = _call(
            suite, "POST", "issues", "/v1/issues", body, role="project_unit", unit="unit-yaodu-001"
        )
        ids.append(issue["id"])
    return ids


async def _delete_consumer(url: str) -> None:
    nc = await nats.connect(url)
    try:
        assert await nc.jetstream().delete_consumer(ISSUES_STREAM, DURABLE)
    finally:
        await nc.close()


def test_mail_server_away_then_every_message_twice_each_mail_once(suite: Suite) -> None:
    mail, hooks = MailSink(), HookReceiver()
    hooks.start()
    try:
        _run(suite, mail, hooks)
    finally:
        suite.stop_all()
        mail.stop()
        hooks.stop()


def _run(suite: Suite, mail: MailSink, hooks: HookReceiver) -> None:
    suite.start("registry")
    suite.start("issues")
    notify = suite.service("notify")
    env = {**mail.env(), "KPD_LOG_LEVEL": "WARNING"}
    notify.start(env)
    contact = {"email": YAODU_MAIL, "webhook_url": hooks.url + "/robot", "webhook_kind": "wecom"}
    _call(suite, "PUT", "notify", "/v1/contacts/yaodu", contact)

    down_since = time.monotonic()
    issue_ids = _raise_issues(suite)
    # The sweep reads notify's read model, which learns each issue from the stream a
    # moment after it is raised: sweep until every issue was found. A second sweep
    # tells nobody again, so the keys add up to one per issue.
    told: list[str] = []

    def swept_all() -> bool:
        swept = _call(
            suite, "POST", "notify", "/v1/admin/sweep", {"as_of": "2025-10-14"}, role="operator"
        )
        told.extend(swept["due_soon"])
        return len(told) >= ISSUES

    wait_for(swept_all, timeout=30, what="the sweep to find every issue")
    assert len(told) == len(set(told)) == ISSUES
    expected = 2 * ISSUES  # raised + due soon, per issue

    # While the mail server is away: inbox and robot told, e-mail queued and retried.
    def inbox() -> dict[str, Any]:
        return _call(suite, "GET", "notify", "/v1/inbox?limit=200", role="county", unit="yaodu")

    wait_for(lambda: inbox()["total"] == expected, timeout=30, what="the inbox")
    wait_for(lambda: len(hooks.requests) == expected, timeout=30, what="the robot, mail down")

    def failed() -> float:
        return metric_value(notify.url, "kpd_notifications_failed_total", channel="email")

    wait_for(lambda: failed() >= 1, timeout=30, what="a failed e-mail round")
    queued = _call(suite, "GET", "notify", "/v1/deliveries?status=retrying", role="operator")
    assert queued, "failed e-mails must stay queued for retry"
    assert all(d["channel"] == "email" for d in queued)
    time.sleep(max(0.0, DOWN_S - (time.monotonic() - down_since)))
    assert mail.messages == []

    mail.start()
    back = time.monotonic()
    wait_for(lambda: len(mail.to(YAODU_MAIL)) >= expected, timeout=90, what="the queued e-mails")
    catch_up_s = time.monotonic() - back
    time.sleep(2)
    ids = mail.ids()
    assert len(ids) == expected, ids
    assert len(set(ids)) == expected
    assert len(hooks.requests) == expected
    assert _call(suite, "GET", "notify", "/v1/deliveries?status=retrying", role="operator") == []
    assert _call(suite, "GET", "notify", "/v1/deliveries?status=pending", role="operator") == []
    failed_events = [
        e.data
        for e in suite.cloud_events("KPD_NOTIFY")
        if e.type == "kpd.notify.NotificationFailed.v1"
    ]
    assert failed_events
    assert all(f["will_retry"] and f["channel"] == "email" for f in failed_events)
    print(f"mail down {DOWN_S}s: {len(failed_events)} failed rounds, all {expected} sent "
          f"{catch_up_s:.1f}s after the server returned")  # fmt: skip

    # Every issue event delivered again: nothing made or sent twice.
    made_before = inbox()["total"]
    applied = metric_value(notify.url, "kpd_consumer_applied_total")
    notify.stop()
    asyncio.run(_delete_consumer(suite.nats.url))
    notify.start(env)
    wait_for(
        lambda: (
            pending_per_consumer(suite.nats.url, ISSUES_STREAM).get(DURABLE) == 0
            and metric_value(notify.url, "kpd_consumer_skipped_total") >= 1
        ),
        timeout=60,
        what="the issues stream delivered to notify a second time",
    )
    assert applied >= ISSUES
    time.sleep(3)
    assert inbox()["total"] == made_before
    assert len(mail.ids()) == expected
    assert len(hooks.requests) == expected
    sent = Counter(
        (e.data["notification_id"], e.data["channel"])
        for e in suite.cloud_events("KPD_NOTIFY")
        if e.type == "kpd.notify.NotificationSent.v1"
    )
    assert set(sent.values()) == {1}
    assert len(sent) == 3 * expected  # inbox, e-mail and robot, each once
    assert len(issue_ids) == ISSUES
