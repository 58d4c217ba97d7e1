"""Read models fed from the notify service's own log: the inbox, the delivery queue, the
open issues the sweep looks at, and the units that take a digest.

The delivery queue is what the dispatcher works from; it is a view, and the
notification aggregate stays the authority: the dispatcher re-reads it before
every attempt, so a row that lags the log never sends a message twice.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from eventsourcing.persistence import Notification as StoredNotification
from sqlalchemy import Boolean, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, Session, mapped_column

from notify.domain import Contact, Notification, WatchedIssue
from servicekit.readside.readmodel import ReadModelBase


class InboxRow(ReadModelBase):
    __tablename__ = "notify_inbox"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32), index=True)
    subject: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text)
    link: Mapped[str] = mapped_column(String(500))
    ref: Mapped[str] = mapped_column(String(128))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    read_by: Mapped[str | None] = mapped_column(String(128))


class DeliveryRow(ReadModelBase):
    __tablename__ = "notify_delivery"

    notification_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(32))
    # pending (never tried) → retrying → sent | failed (refused for good)
    status: Mapped[str] = mapped_column(String(16), index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(String(500))
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class WatchRow(ReadModelBase):
    __tablename__ = "notify_watch"

    # The aggregate's id: later events carry only that, not the issue's own id.
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    issue_id: Mapped[str] = mapped_column(String(64), unique=True)
    assignee: Mapped[str] = mapped_column(String(64), index=True)
    deadline: Mapped[date] = mapped_column(Date)
    open: Mapped[bool] = mapped_column(Boolean, index=True)


class ContactRow(ReadModelBase):
    __tablename__ = "notify_contact"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    unit_id: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254))
    webhook_url: Mapped[str | None] = mapped_column(String(500))
    webhook_kind: Mapped[str] = mapped_column(String(16))
    digest: Mapped[bool] = mapped_column(Boolean, index=True)


class NotifyProjection:
    name = "notify"
    event_types = (Notification.Event, WatchedIssue.Event, Contact.Event)

    def __init__(self, retry_after_s: float) -> None:
        self.retry_after = timedelta(seconds=retry_after_s)

    def apply(self, session: Session, domain_event: Any, stored: StoredNotification) -> None:
        key = str(stored.originator_id)
        at: datetime = domain_event.timestamp
        if isinstance(domain_event, Notification.Event):
            self._notification(session, key, domain_event, at)
        elif isinstance(domain_event, WatchedIssue.Event):
            self._watch(session, key, domain_event)
        elif isinstance(domain_event, Contact.Event):
            self._contact(session, key, domain_event)

    def _notification(self, session: Session, key: str, e: Any, at: datetime) -> None:
        if isinstance(e, Notification.Queued):
            session.merge(
                InboxRow(
                    id=key,
                    recipient=e.recipient,
                    kind=e.kind,
                    subject=e.subject,
                    body=e.body,
                    link=e.link,
                    ref=e.ref,
                    created_at=at,
                )
            )
            for channel in e.channels:
                session.merge(
                    DeliveryRow(
                        notification_id=key,
                        channel=channel,
                        recipient=e.recipient,
                        kind=e.kind,
                        status="pending",
                        attempts=0,
                        queued_at=at,
                        next_attempt_at=at,
                    )
                )
            session.flush()
            return
        name = type(e).__name__
        if name == "Read":
            row = session.get(InboxRow, key)
            if row is not None:
                row.read_at, row.read_by = at, e.by
            return
        delivery = session.get(DeliveryRow, (key, e.channel))
        if delivery is None:
            return
        delivery.attempts = e.attempt
        if name == "Delivered":
            delivery.status, delivery.sent_at = "sent", at
        elif name == "DeliveryFailed":
            delivery.last_error = e.reason[:500]
            delivery.status = "retrying" if e.will_retry else "failed"
            delivery.next_attempt_at = at + self.retry_after

    def _watch(self, session: Session, key: str, e: Any) -> None:
        if isinstance(e, WatchedIssue.Seen):
            session.merge(
                WatchRow(
                    id=key, issue_id=e.issue_id, assignee=e.assignee, deadline=e.deadline, open=True
                )
            )
            return
        row = session.get(WatchRow, key)
        if row is None:
            return
        name = type(e).__name__
        if name == "Moved":
            row.assignee, row.deadline, row.open = e.assignee, e.deadline, True
        elif name == "Extended":
            row.deadline = e.deadline
        elif name == "Finished":
            row.open = False

    def _contact(self, session: Session, key: str, e: Any) -> None:
        row = session.get(ContactRow, key)
        if row is None:
            row = ContactRow(id=key, unit_id=e.unit_id)
            session.add(row)
        row.email, row.webhook_url = e.email, e.webhook_url
        row.webhook_kind, row.digest = e.webhook_kind, e.digest
