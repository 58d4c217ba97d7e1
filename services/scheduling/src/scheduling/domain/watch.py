"""Facts learned from the issues, registry and assessment services, kept for agendas and tours.

Each is an aggregate so that a consumer stores the fact and its stream position in
one transaction; none of them is re-published.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

WATCH_NAMESPACE = uuid.UUID("c3f1a7d2-9e4b-4b8a-a6c5-0f2e1d3c4b66")
OPEN_STATUSES = ("open", "reopened")


class WatchedIssue(Aggregate):
    """An issue of the problem list as agendas need it: level, scope, deadline, supervision."""

    @staticmethod
    def create_id(issue_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(WATCH_NAMESPACE, f"issue:{issue_id}")

    class Seen(Aggregate.Created):
        issue_id: str
        title: str
        level: str
        assignee: str
        deadline: date
        project_id: str | None
        county: str | None
        subcommand: str | None

    class Updated(Aggregate.Event):
        issue_id: str
        changes: dict[str, Any]

    @event(Seen)
    def __init__(
        self,
        issue_id: str,
        title: str,
        level: str,
        assignee: str,
        deadline: date,
        project_id: str | None,
        county: str | None,
        subcommand: str | None,
    ) -> None:
        self.issue_id = issue_id
        self.title = title
        self.level = level
        self.assignee = assignee
        self.deadline = deadline
        self.project_id = project_id
        self.county = county
        self.subcommand = subcommand
        self.status = "open"
        self.supervised = False

    def update(self, changes: dict[str, Any]) -> None:
        """Apply changed fields: level, assignee, deadline, status, supervised."""
        self._updated(self.issue_id, changes)

    @event(Updated)
    def _updated(self, issue_id: str, changes: dict[str, Any]) -> None:
        for name, value in changes.items():
            setattr(self, name, value)


class WatchedProject(Aggregate):
    """A registry project: its county and sub-command, year, and latest warning lights."""

    @staticmethod
    def create_id(project_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(WATCH_NAMESPACE, f"project:{project_id}")

    class Seen(Aggregate.Created):
        project_id: str
        name: str
        county: str
        subcommand: str
        year: int

    class WarningChanged(Aggregate.Event):
        project_id: str
        month: str
        overall: str
        investment_light: str

    @event(Seen)
    def __init__(self, project_id: str, name: str, county: str, subcommand: str, year: int) -> None:
        self.project_id = project_id
        self.name = name
        self.county = county
        self.subcommand = subcommand
        self.year = year
        self.warning_month: str | None = None
        self.overall = "green"
        self.investment_light = "green"

    def change_warning(self, month: str, overall: str, investment_light: str) -> None:
        self._warning_changed(self.project_id, month, overall, investment_light)

    @event(WarningChanged)
    def _warning_changed(
        self, project_id: str, month: str, overall: str, investment_light: str
    ) -> None:
        self.warning_month = month
        self.overall = overall
        self.investment_light = investment_light


class LatestNotice(Aggregate):
    """The last monthly notice (一月一通报): which counties it flagged, and why."""

    @staticmethod
    def create_id(**_: Any) -> uuid.UUID:
        return uuid.uuid5(WATCH_NAMESPACE, "latest-notice")

    class Started(Aggregate.Created):
        pass

    class Published(Aggregate.Event):
        month: str
        flagged: dict[str, str]

    @event(Started)
    def __init__(self) -> None:
        self.month: str | None = None
        self.flagged: dict[str, str] = {}

    @event(Published)
    def publish(self, month: str, flagged: dict[str, str]) -> None:
        """Counties flagged by ``month``'s notice: county → low / reminder / interview."""
        self.month = month
        self.flagged = dict(flagged)
