"""Two notify replicas on one PostgreSQL store: one dispatcher sends, each e-mail once.

Both replicas consume the issues stream (one durable consumer, shared) and both
poll the delivery queue; without the dispatch lock both would read a queued row
and send it. With it, the standby sends nothing, and when the active replica
stops the standby takes over what is still queued.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from servicekit.dev.testing import ServiceProcess
from tests.notify_support import MailSink
from tests.support import Suite, metric_value, wait_for

YAODU_MAIL = "yaodu-xmb@example.cn"


def _raise(suite: Suite, project_id: str, n: int) -> None:
    body = {
        "project_id": project_id, "category": "land", "title": f"项目用地手续未批（{n}）",
        "description": "供地手续滞后", "raised_by": "project_unit", "raised_on": "2025-09-26",
    }  # fmt: skip
    raised = httpx.post(
        suite.services["issues"].url + "/v1/issues",
        json=body,
        headers=suite.headers(role="project_unit", unit="unit-yaodu-001"),
        timeout=30,
    )
    assert raised.status_code == 201, raised.text


def _sent(replica: Any) -> float:
    return metric_value(replica.url, "kpd_notifications_sent_total", channel="email")


def test_two_replicas_send_each_mail_once(suite: Suite, backend: str) -> None:
    if backend != "postgres":
        pytest.skip("replicas share a store only on PostgreSQL")
    mail = MailSink()
    mail.start()
    second: ServiceProcess | None = None
    try:
        for name in ("registry", "issues"):
            suite.start(name)
        first = suite.service("notify")
        first.start(mail.env())
        second = ServiceProcess("notify", {**suite.env(), **mail.env()}, suite.root)
        second.start()
        put = httpx.put(
            first.url + "/v1/contacts/yaodu",
            json={"email": YAODU_MAIL},
            headers=suite.headers(),
            timeout=30,
        )
        assert put.status_code == 200, put.text
        project_id = suite.register_project(year=2025)
        known = suite.services["issues"].url + f"/v1/known-projects/{project_id}"
        wait_for(lambda: httpx.get(known, headers=suite.headers(), timeout=5).status_code == 200,
                 timeout=30, what="issues to learn the project")  # fmt: skip
        for n in range(10):
            _raise(suite, project_id, n)
        wait_for(lambda: len(mail.to(YAODU_MAIL)) >= 10, timeout=60, what="ten e-mails")
        time.sleep(1.5)  # a second copy, were one coming, would be on its way by now
        assert len(mail.to(YAODU_MAIL)) == 10, mail.ids()
        counts = sorted([_sent(first), _sent(second)])
        assert counts == [0, 10], counts  # the standby dispatcher sent nothing

        # The active one goes away; the standby takes the lock and sends what comes next.
        active, standby = (first, second) if _sent(first) else (second, first)
        active.stop()
        for n in range(10, 13):
            _raise(suite, project_id, n)
        wait_for(lambda: len(mail.to(YAODU_MAIL)) >= 13, timeout=60, what="the standby's e-mails")
        time.sleep(1.5)
        assert len(mail.to(YAODU_MAIL)) == 13
        assert len(set(mail.ids())) == 13
        assert _sent(standby) == 3
    finally:
        if second is not None:
            second.stop()
        suite.stop_all()
        mail.stop()
