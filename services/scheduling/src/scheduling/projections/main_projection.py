"""One projection of the scheduling log: meetings, watched issues and projects, last notice."""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy.orm import Session

from scheduling.domain import LatestNotice, Meeting, WatchedIssue, WatchedProject
from scheduling.projections.tables import IssueRow, MeetingRow, NoticeRow, ProjectRow

MEETING_STATUS = {Meeting.Cancelled: "cancelled", Meeting.Held: "held"}


class SchedulingProjection:
    name = "scheduling_main"

    def apply(self, session: Session, domain_event: Any, notification: Notification) -> None:
        version = notification.originator_version
        if isinstance(domain_event, Meeting.Scheduled):
            fields = {k: getattr(domain_event, k) for k in _MEETING_FIELDS}
            session.merge(MeetingRow(**fields, status="scheduled", held_on=None, version=version))
        elif isinstance(domain_event, Meeting.Event):
            self._meeting(session, domain_event, version)
        elif isinstance(domain_event, WatchedIssue.Seen):
            fields = {k: getattr(domain_event, k) for k in _ISSUE_FIELDS}
            session.merge(IssueRow(**fields, status="open", supervised=False))
        elif isinstance(domain_event, WatchedIssue.Updated):
            row = session.get(IssueRow, domain_event.issue_id)
            self._update(row, domain_event.changes)
        elif isinstance(domain_event, WatchedProject.Seen):
            fields = {k: getattr(domain_event, k) for k in _PROJECT_FIELDS}
            session.merge(
                ProjectRow(**fields, warning_month=None, overall="green", investment_light="green")
            )
        elif isinstance(domain_event, WatchedProject.WarningChanged):
            project = session.get(ProjectRow, domain_event.project_id)
            if project is not None:
                project.warning_month = domain_event.month
                project.overall = domain_event.overall
                project.investment_light = domain_event.investment_light
        elif isinstance(domain_event, LatestNotice.Published):
            session.merge(NoticeRow(id=1, month=domain_event.month, flagged=domain_event.flagged))

    @staticmethod
    def _meeting(session: Session, e: Meeting.Event, version: int) -> None:
        row = session.get(MeetingRow, getattr(e, "meeting_id", ""))
        if row is None:
            return
        row.version = version
        if isinstance(e, Meeting.Rescheduled):
            row.date = e.date
        elif isinstance(e, Meeting.Cancelled):
            row.status = "cancelled"
        elif isinstance(e, Meeting.Held):
            row.status = "held"
            row.held_on = e.held_on

    @staticmethod
    def _update(row: IssueRow | None, changes: dict[str, Any]) -> None:
        if row is None:
            return
        for name, value in changes.items():
            setattr(row, name, value)


_MEETING_FIELDS = (
    "meeting_id",
    "series",
    "title",
    "date",
    "chair",
    "level",
    "subcommand",
    "county",
    "month",
)
_ISSUE_FIELDS = (
    "issue_id",
    "title",
    "level",
    "assignee",
    "deadline",
    "project_id",
    "county",
    "subcommand",
)
_PROJECT_FIELDS = ("project_id", "name", "county", "subcommand", "year")
