"""消息提醒 through the workbench: the header's count, the inbox page, read marks with
CSRF, and every other page still served when the notify service is down."""

from __future__ import annotations

import re
import time
import uuid

import httpx
import pytest

from tests.workbench_support import WorkbenchStack, csrf_of
from workbench.pages.inbox import in_this_workbench, on_the_page

pytestmark = [pytest.mark.nats]
_READ_FORM = re.compile(r'action="/inbox/([0-9a-f-]{36})/read"')


def _unread(client: httpx.Client) -> int:
    badge = client.get("/inbox/count")
    assert badge.status_code == 200
    found = re.search(r">(\d+)\+?<", badge.text)
    return int(found.group(1)) if found else 0


def test_links_in_messages_open_here() -> None:
    assert in_this_workbench("https://kpd.linfen.gov.cn/issues/i-1") == "/issues/i-1"
    assert in_this_workbench("http://127.0.0.1:8000/meetings/m?tab=2") == "/meetings/m?tab=2"
    assert in_this_workbench(None) is None
    assert in_this_workbench("mailto:x@example.cn") is None
    body = "尧都区：\n\n请于 2026-12-21 前办结。\n\n办理入口：https://kpd.example/i/1\n—— 办公室"
    assert on_the_page(body) == "尧都区：\n\n请于 2026-12-21 前办结。\n\n—— 办公室"


def test_the_county_reads_its_message_and_the_count_goes_down(
    workbench_stack: WorkbenchStack,
) -> None:
    client = workbench_stack.signed_in("county", "yaodu")
    title = f"用地手续未批-{uuid.uuid4().hex[:6]}"
    workbench_stack.raise_issue(title, "收件箱项目")
    deadline = time.monotonic() + 30
    while title not in (page := client.get("/inbox?unread=true")).text:
        assert time.monotonic() < deadline, "the problem never reached the county's inbox"
        time.sleep(0.3)
    assert page.status_code == 200
    before = _unread(client)
    assert before >= 1
    # The item's own form follows its subject.
    notification_id = _READ_FORM.search(page.text, page.text.index(title))
    assert notification_id, "no 标为已读 form beside the message"

    forged = client.post(f"/inbox/{notification_id.group(1)}/read", data={})
    assert forged.status_code in (400, 403), "a read mark without the CSRF token"
    marked = client.post(
        f"/inbox/{notification_id.group(1)}/read", data={"csrf_token": csrf_of(page.text)}
    )
    assert marked.status_code == 303
    deadline = time.monotonic() + 10
    while _unread(client) != before - 1:
        assert time.monotonic() < deadline, "the unread count did not go down"
        time.sleep(0.2)
    assert title not in client.get("/inbox?unread=true").text
    assert title in client.get("/inbox").text


def test_pages_stay_up_while_notify_is_down(workbench_stack: WorkbenchStack) -> None:
    client = workbench_stack.signed_in("county", "yaodu")
    notify = workbench_stack.suite.services["notify"]
    notify.stop()
    try:
        assert client.get("/inbox/count").text == ""  # no badge, no error in the header
        inbox = client.get("/inbox")
        assert inbox.status_code == 200
        assert "消息服务暂不可用" in inbox.text
        assert client.get("/").status_code == 200
    finally:
        notify.start()
    assert "消息服务暂不可用" not in client.get("/inbox").text
