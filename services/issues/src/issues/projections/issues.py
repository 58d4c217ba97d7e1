"""The issue list read model, fed from the service's own log (lists and metrics)."""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import Boolean, Date, Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from issues.domain import Issue, issue_events
from servicekit.readside.readmodel import ReadModelBase


class IssueRow(ReadModelBase):
    __tablename__ = "issues_issue"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    project_id: Mapped[str | None] = mapped_column(String(64), index=True)
    county: Mapped[str | None] = mapped_column(String(64), index=True)
    subcommand: Mapped[str | None] = mapped_column(String(64))
    project_unit: Mapped[str | None] = mapped_column(String(64))
    category: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(500))
    source: Mapped[str] = mapped_column(String(32))
    level: Mapped[str] = mapped_column(String(32), index=True)
    status: Mapped[str] = mapped_column(String(32), index=True)
    assignee: Mapped[str] = mapped_column(String(64), index=True)
    responsible_department: Mapped[str | None] = mapped_column(String(64), index=True)
    deadline: Mapped[date] = mapped_column(Date)
    raised_on: Mapped[date] = mapped_column(Date)
    resolved_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    supervised: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    supervised_on: Mapped[date | None] = mapped_column(Date)
    supervision_reason: Mapped[str | None] = mapped_column(String(32))
    supervision_major: Mapped[bool] = mapped_column(Boolean, default=False)
    limits_missed: Mapped[str] = mapped_column(String(200), default="")
    rating: Mapped[str | None] = mapped_column(String(8))
    version: Mapped[int] = mapped_column(Integer)


class IssuesProjection:
    name = "issues_list"
    # Learned projects and dispatch-meeting bookkeeping do not show in the list.
    event_types = (Issue.Event,)

    def apply(self, session: Session, domain_event: Any, notification: Notification) -> None:
        if not isinstance(domain_event, Issue.Event):
            return
        issue_id = str(notification.originator_id)
        if isinstance(domain_event, Issue.Raised):
            session.merge(_raised_row(issue_id, domain_event, notification.originator_version))
            return
        row = session.get(IssueRow, issue_id)
        if row is None:
            return
        row.version = notification.originator_version
        _apply(row, domain_event)


def _raised_row(issue_id: str, e: issue_events.Raised, version: int) -> IssueRow:
    return IssueRow(
        id=issue_id,
        project_id=e.project_id,
        county=e.county,
        subcommand=e.subcommand,
        project_unit=e.project_unit,
        category=e.category,
        title=e.title,
        source=e.source,
        level=e.level,
        status="assigned",
        assignee=e.assignee,
        responsible_department=e.responsible_department,
        deadline=e.deadline,
        raised_on=e.raised_on,
        supervised=False,
        supervision_major=False,
        limits_missed="",
        version=version,
    )


def _apply(row: IssueRow, e: Any) -> None:
    if isinstance(e, Issue.Progressed):
        row.status = "in_progress"
    elif isinstance(e, Issue.Resolved):
        row.status, row.resolved_on = "resolved", e.on
    elif isinstance(e, Issue.FollowedUp):
        row.status = "follow_up"
    elif isinstance(e, Issue.Closed):
        row.status, row.closed_on = "closed", e.on
    elif isinstance(e, Issue.Reopened):
        row.status, row.deadline = "reopened", e.deadline
    elif isinstance(e, Issue.Escalated):
        row.level, row.assignee, row.deadline = e.to_level, e.assignee, e.deadline
    elif isinstance(e, Issue.ExtensionGranted | Issue.DeadlineRecomputed):
        row.deadline = e.deadline
    elif isinstance(e, Issue.Supervised):
        row.supervised, row.supervised_on = True, e.on
        row.supervision_reason, row.supervision_major = e.reason, e.major
    elif isinstance(e, Issue.SupervisionLimitMissed):
        row.limits_missed = ",".join(filter(None, [row.limits_missed, e.limit]))
    elif isinstance(e, Issue.SupervisionRated):
        row.rating = e.rating
