"""Channels against real peers: an SMTP server (aiosmtpd), a maildir, an HTTP receiver."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
from pathlib import Path
from urllib.parse import parse_qs, unquote_plus, urlsplit

import pytest

from notify.channels.base import ChannelError, Message
from notify.channels.mail import MaildirChannel, SmtpChannel, SmtpLogin
from notify.channels.webhook import WebhookChannel
from servicekit.dev.natsserver import free_port
from tests.notify_support import HookReceiver, MailSink


def message(address: str, kind: str = "generic") -> Message:
    return Message(
        notification_id="0b7e5f0c-0000-4000-8000-000000000001",
        recipient="yaodu",
        recipient_name="尧都区",
        kind="issue_due_soon",
        subject="【临期提醒】项目用地手续未批（2025-10-16 到期）",
        body="尧都区：\n\n还剩 2 个工作日。",
        link="http://127.0.0.1:8000/issues/i-1",
        address=address,
        webhook_kind=kind,
    )


def test_smtp_delivers_utf8_with_the_notification_as_message_id() -> None:
    sink = MailSink()
    sink.start()
    try:
        channel = SmtpChannel("127.0.0.1", sink.port, "kpd@example.cn", timeout_s=5)
        asyncio.run(channel.send(message("xmb@yaodu.gov.cn")))
    finally:
        sink.stop()
    [mail] = sink.messages
    assert mail["Subject"] == "【临期提醒】项目用地手续未批（2025-10-16 到期）"
    assert mail["Message-ID"] == "<0b7e5f0c-0000-4000-8000-000000000001@kpd>"
    assert "还剩 2 个工作日" in mail.get_content()


def test_smtp_logs_in_where_the_relay_asks_and_a_wrong_password_is_retried_later() -> None:
    sink = MailSink(login=("kpd-notify", "s3cret"))
    sink.start()
    try:
        wrong = SmtpLogin("kpd-notify", "guess", starttls=False)
        channel = SmtpChannel("127.0.0.1", sink.port, "kpd@example.cn", timeout_s=5, login=wrong)
        with pytest.raises(ChannelError) as refused:
            asyncio.run(channel.send(message("xmb@yaodu.gov.cn")))
        # The channel's fault, not the message's: it is kept for when the login is fixed.
        assert not refused.value.permanent
        assert "refused the login of 'kpd-notify'" in refused.value.reason
        anonymous = SmtpChannel("127.0.0.1", sink.port, "kpd@example.cn", timeout_s=5)
        with pytest.raises(ChannelError):
            asyncio.run(anonymous.send(message("xmb@yaodu.gov.cn")))
        right = SmtpLogin("kpd-notify", "s3cret", starttls=False)
        channel = SmtpChannel("127.0.0.1", sink.port, "kpd@example.cn", timeout_s=5, login=right)
        asyncio.run(channel.send(message("xmb@yaodu.gov.cn")))
    finally:
        sink.stop()
    assert [m["To"] for m in sink.messages] == ["xmb@yaodu.gov.cn"]


def test_smtp_that_is_down_is_a_failure_worth_retrying() -> None:
    channel = SmtpChannel("127.0.0.1", free_port(), "kpd@example.cn", timeout_s=2)
    with pytest.raises(ChannelError) as failed:
        asyncio.run(channel.send(message("xmb@yaodu.gov.cn")))
    assert not failed.value.permanent
    assert "unreachable" in failed.value.reason


def test_maildir_writes_each_notification_once(tmp_path: Path) -> None:
    channel = MaildirChannel(tmp_path / "mail", "kpd@example.cn")
    for _ in range(2):
        asyncio.run(channel.send(message("xmb@yaodu.gov.cn")))
    files = list((tmp_path / "mail" / "new").iterdir())
    assert [f.name for f in files] == ["0b7e5f0c-0000-4000-8000-000000000001.kpd"]
    assert b"Message-ID: <0b7e5f0c" in files[0].read_bytes()


def test_dingtalk_robot_gets_markdown_signed_in_the_url() -> None:
    hooks = HookReceiver()
    hooks.start()
    try:
        channel = WebhookChannel("SECxyz", timeout_s=5)
        asyncio.run(channel.send(message(hooks.url + "/robot/send?access_token=t", "dingtalk")))
        asyncio.run(channel.close())
    finally:
        hooks.stop()
    [(path, _, body)] = hooks.requests
    assert body["msgtype"] == "markdown"
    assert body["markdown"]["title"].startswith("【临期提醒】")
    query = parse_qs(urlsplit(path).query)
    timestamp = query["timestamp"][0]
    expected = base64.b64encode(
        hmac.new(b"SECxyz", f"{timestamp}\nSECxyz".encode(), hashlib.sha256).digest()
    ).decode()
    assert unquote_plus(query["sign"][0]) in (expected, expected.replace("+", " "))


def test_generic_receiver_gets_json_and_an_hmac_of_the_body() -> None:
    hooks = HookReceiver()
    hooks.start()
    try:
        asyncio.run(WebhookChannel("k", timeout_s=5).send(message(hooks.url + "/hook")))
    finally:
        hooks.stop()
    [(_, headers, body)] = hooks.requests
    raw = json.dumps(body, ensure_ascii=False).encode()
    mac = hmac.new(b"k", raw, hashlib.sha256).hexdigest()
    assert headers["X-KPD-Signature"] == f"sha256={mac}"
    assert body["link"].endswith("/issues/i-1")


def test_a_robot_that_is_not_there_is_a_failure_worth_retrying() -> None:
    url = f"http://127.0.0.1:{free_port()}/robot"
    with pytest.raises(ChannelError) as failed:
        asyncio.run(WebhookChannel("", timeout_s=2).send(message(url, "wecom")))
    assert not failed.value.permanent
