"""Who is told what, once: facts from other services and the sweep, on the in-memory store."""

from __future__ import annotations

from datetime import date

import pytest

from notify.application import NotYourNotificationError
from notify.domain import DeliveryError, Notification, inbox_addresses
from services.notify.tests.unit.notify_support import acting, new_app, raise_issue


def test_a_raised_issue_tells_its_county_in_chinese_with_project_deadline_and_link() -> None:
    app = new_app()
    [told] = raise_issue(app)
    assert (told.recipient, told.kind) == ("yaodu", "issue_raised")
    assert told.subject == "【问题交办】项目用地手续未批"
    assert "尧都区：" in told.body
    assert "临汾市尧都区综合管廊工程" in told.body
    assert "2025-10-16（星期四）" in told.body
    assert told.link == "http://127.0.0.1:8000/issues/i-1"
    # Only the inbox: yaodu has no address for the other channels yet.
    assert told.channels == ["inbox"]
    assert told.delivered == {"inbox": 1}


def test_the_same_fact_twice_tells_nobody_twice() -> None:
    app = new_app()
    assert len(raise_issue(app)) == 1
    again = app.issue_raised(
        "i-1", title="x", level="county", assignee="yaodu", deadline=date(2025, 10, 16),
        project_id=None, county="yaodu",
    )  # fmt: skip
    assert again == []


def test_due_soon_counts_statutory_working_days() -> None:
    app = new_app()
    raise_issue(app)  # due Thursday 2025-10-16
    # Friday 10-10 → 4 working days left, Monday 10-13 → 3: not yet (lead is 2).
    assert app.sweep(date(2025, 10, 10), ["i-1"]).due_soon == []
    assert app.sweep(date(2025, 10, 13), ["i-1"]).due_soon == []
    report = app.sweep(date(2025, 10, 14), ["i-1"])
    assert report.due_soon == ["issue_due_soon:i-1:2025-10-16:yaodu"]
    told = app.notification(Notification.create_id(report.due_soon[0]))
    assert "还剩 2 个工作日" in told.body
    assert app.sweep(date(2025, 10, 15), ["i-1"]).due_soon == []  # told for this deadline


def test_national_day_holiday_is_not_a_working_day() -> None:
    app = new_app()
    raise_issue(app, "i-2", deadline=date(2025, 10, 9))
    # 2025-09-30 → 10-09: 10-01..10-08 are the National Day holiday; 10-09 is 1 working day.
    report = app.sweep(date(2025, 9, 30), ["i-2"])
    assert report.due_soon == ["issue_due_soon:i-2:2025-10-09:yaodu"]


def test_a_closed_or_extended_issue_is_swept_by_its_current_state() -> None:
    app = new_app()
    raise_issue(app)
    app.save(*app.issue_extended("i-1", date(2025, 10, 30)))
    assert app.sweep(date(2025, 10, 14), ["i-1"]).due_soon == []
    app.save(*app.issue_finished("i-1"))
    assert app.sweep(date(2025, 10, 29), ["i-1"]).due_soon == []


def test_escalation_tells_who_answers_now_and_where_it_came_from() -> None:
    app = new_app()
    raise_issue(app)
    made = app.issue_moved(
        "i-1", kind="issue_escalated", level="department", assignee="natural_resources",
        deadline=date(2025, 10, 31), from_level="county", reason="deadline_missed",
    )  # fmt: skip
    told = {n.recipient: n for n in made if isinstance(n, Notification)}
    assert set(told) == {"natural_resources", "yaodu"}
    assert "请于 2025-10-31（星期五）前协调解决" in told["natural_resources"].body
    assert "现由 市自然资源局 负责" in told["yaodu"].body
    assert "逾期未办结" in told["yaodu"].body
    for notification in told.values():  # the footer stands apart from the message
        assert "\n\n办理入口：" in notification.body, notification.body
        assert "\n\n\n" not in notification.body


def test_channels_follow_the_units_addresses() -> None:
    app = new_app()
    assert app.channels_for("office", "issue_raised") == ["inbox", "email"]  # seed e-mail
    app.set_contact(
        acting("office"), "yaodu", email="xmb@yaodu.gov.cn", webhook_url="http://robot/x",
        webhook_kind="wecom", digest=False,
    )  # fmt: skip
    assert app.channels_for("yaodu", "issue_due_soon") == ["inbox", "email", "webhook"]


def test_a_digest_unit_reads_due_items_in_one_morning_message() -> None:
    app = new_app()
    app.set_contact(
        acting("office"), "yaodu", email="xmb@yaodu.gov.cn", webhook_url=None,
        webhook_kind="generic", digest=True,
    )  # fmt: skip
    raise_issue(app, "i-1", deadline=date(2025, 10, 16))
    raise_issue(app, "i-2", deadline=date(2025, 10, 14))
    report = app.sweep(date(2025, 10, 16), ["i-1", "i-2"], ["yaodu"])
    due = app.notification(Notification.create_id(report.due_soon[0]))
    assert due.channels == ["inbox"]  # the item itself: inbox only
    [digest_key] = report.digests
    digest = app.notification(Notification.create_id(digest_key))
    assert digest.channels == ["inbox", "email"]
    assert digest.subject == "【每日汇总】2025-10-16 今日到期 1 项、已逾期 1 项"
    assert "逾期 2 个工作日" in digest.body
    assert (
        "\n\n—— 临汾市重点工程项目总指挥部办公室" in digest.body or "\n\n办理入口：" in digest.body
    )
    assert app.sweep(date(2025, 10, 16), ["i-1", "i-2"], ["yaodu"]).digests == []


def test_inbox_addresses_follow_role_and_unit() -> None:
    assert inbox_addresses("county", "yaodu") == {"yaodu"}
    assert inbox_addresses("office", None) == {"hq", "office"}
    assert inbox_addresses("auditor", None) == frozenset()
    assert inbox_addresses("county", None) == frozenset()


def test_only_the_recipient_marks_read_and_only_once() -> None:
    app = new_app()
    [told] = raise_issue(app)
    with pytest.raises(NotYourNotificationError):
        app.mark_read(acting("county", "houma"), told.id)
    read = app.mark_read(acting("county", "yaodu"), told.id)
    version = read.version
    assert app.mark_read(acting("county", "yaodu"), told.id).version == version


def test_a_delivery_is_recorded_once_and_a_refusal_ends_the_channel() -> None:
    app = new_app()
    app.set_contact(
        acting("office"), "yaodu", email="xmb@yaodu.gov.cn", webhook_url="http://robot/x",
        webhook_kind="wecom", digest=False,
    )  # fmt: skip
    [told] = raise_issue(app)
    assert told.pending() == ["email", "webhook"]
    app.record_failure(told.id, "email", "connection refused", will_retry=True)
    assert app.record_delivery(told.id, "email") is not None
    assert app.record_delivery(told.id, "email") is None  # already delivered: nothing
    app.record_failure(told.id, "webhook", "404", will_retry=False)
    stored = app.notification(told.id)
    assert stored.pending() == []
    assert stored.delivered["email"] == 2
    with pytest.raises(DeliveryError):
        stored.deliver("webhook")
