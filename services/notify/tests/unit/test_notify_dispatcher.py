"""The dispatcher against a real SMTP server that is away, then back: one e-mail each."""

from __future__ import annotations

import asyncio
from pathlib import Path

from prometheus_client import CollectorRegistry
from sqlalchemy import create_engine

from notify.channels.mail import SmtpChannel
from notify.dispatcher import Dispatcher
from notify.metrics import NotifyMetrics
from notify.projections import NotifyProjection
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.active_lock import ActiveLock
from servicekit.readside.readmodel import ProjectionRunner, create_read_tables
from services.notify.tests.unit.notify_support import acting, new_app, raise_issue
from tests.notify_support import MailSink


def test_queued_mail_waits_for_the_server_and_is_sent_once(tmp_path: Path) -> None:
    app = new_app()
    app.set_contact(
        acting("office"), "yaodu", email="xmb@yaodu.gov.cn", webhook_url=None,
        webhook_kind="generic", digest=False,
    )  # fmt: skip
    [told] = raise_issue(app)
    engine = create_engine(f"sqlite:///{tmp_path / 'read.sqlite'}")
    create_read_tables(engine)
    projection = ProjectionRunner(app, engine, NotifyProjection(retry_after_s=10))
    projection.catch_up()

    sink = MailSink()
    channel = SmtpChannel("127.0.0.1", sink.port, "kpd@example.cn", timeout_s=2)
    metrics = NotifyMetrics(CollectorRegistry())
    # SQLite: one process owns the store, so the dispatch lock is always held.
    lock = ActiveLock(ServiceSettings(service="notify"), "notify-dispatch")
    dispatcher = Dispatcher(app, engine, {"email": channel}, metrics, interval_s=0.1, lock=lock)

    assert dispatcher.queue_depths() == {"email": 1}
    # The server is down: the round fails, the failure is recorded, the mail stays queued.
    assert asyncio.run(dispatcher.attempt("email", channel, str(told.id))) is False
    projection.catch_up()
    stored = app.notification(told.id)
    assert stored.pending() == ["email"]
    assert stored.attempts["email"] == 1
    assert dispatcher._due("email") == []  # held for retry_after_s

    sink.start()
    try:
        assert asyncio.run(dispatcher.attempt("email", channel, str(told.id))) is True
        # Tried again (a lagging row, a second worker): the aggregate says it is done.
        assert asyncio.run(dispatcher.attempt("email", channel, str(told.id))) is True
    finally:
        sink.stop()
    assert len(sink.messages) == 1
    projection.catch_up()
    assert dispatcher.queue_depths() == {}
    assert app.notification(told.id).delivered == {"inbox": 1, "email": 2}


def test_two_outcomes_saved_at_once_are_both_kept() -> None:
    """The e-mail and robot loops record on the same notification at the same moment:
    the later save conflicts, is re-read and applied again — neither outcome is lost."""
    app = new_app()
    app.set_contact(
        acting("office"), "yaodu", email="xmb@yaodu.gov.cn", webhook_url="http://robot/1",
        webhook_kind="generic", digest=False,
    )  # fmt: skip
    [told] = raise_issue(app)
    assert sorted(app.notification(told.id).pending()) == ["email", "webhook"]
    stale = app.notification(told.id)  # what the robot loop read before the e-mail was saved
    app.record_delivery(told.id, "email")
    fresh = app.notification
    reads = iter([stale])
    app.notification = lambda key: next(reads, None) or fresh(key)  # type: ignore[method-assign]
    assert app.record_delivery(told.id, "webhook") is not None
    app.notification = fresh  # type: ignore[method-assign]
    stored = app.notification(told.id)
    assert stored.pending() == []
    assert set(stored.delivered) == {"inbox", "email", "webhook"}
