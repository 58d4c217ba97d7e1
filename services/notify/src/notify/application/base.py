"""What every notify command needs: the store, the rules, calendar and clock, look-ups."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.domain import Aggregate

from notify.application.messages import MessageWriter
from notify.domain import Contact, KnownProject, KnownUnit, Notification, WatchedIssue
from notify.policy import NotifyPolicy
from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import Clock
from servicekit.runtime.ruled import RuledApplication

A = TypeVar("A", bound=Aggregate)

DEFAULT_WORKBENCH_URL = "http://127.0.0.1:8000"


class UnknownNotificationError(LookupError):
    """No such notification (HTTP 404)."""


class NotifyBase(RuledApplication[NotifyPolicy], rules=NotifyPolicy):
    name = "notify"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        rules: NotifyPolicy | None = None,
        calendar: WorkingDayCalendar | None = None,
        clock: Clock | None = None,
        workbench_url: str = DEFAULT_WORKBENCH_URL,
    ) -> None:
        super().__init__(env, rules=rules, calendar=calendar, clock=clock)
        self.workbench_url = workbench_url.rstrip("/")
        self.writer = MessageWriter()

    def find(self, cls: type[A], aggregate_id: UUID) -> A | None:
        try:
            found: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return found if isinstance(found, cls) else None

    def unit(self, unit_id: str) -> KnownUnit | None:
        return self.find(KnownUnit, KnownUnit.create_id(unit_id))

    def unit_name(self, unit_id: str) -> str:
        unit = self.unit(unit_id)
        if unit is not None:
            return unit.name
        return {"hq": "总指挥部", "city_leadership": "市领导", "office": "总指挥部办公室"}.get(
            unit_id, unit_id
        )

    def contact(self, unit_id: str) -> Contact | None:
        return self.find(Contact, Contact.create_id(unit_id))

    def project(self, project_id: str | None) -> KnownProject | None:
        if not project_id:
            return None
        return self.find(KnownProject, KnownProject.create_id(project_id))

    def issue(self, issue_id: str) -> WatchedIssue | None:
        return self.find(WatchedIssue, WatchedIssue.create_id(issue_id))

    def notification(self, notification_id: UUID) -> Notification:
        found = self.find(Notification, notification_id)
        if found is None:
            raise UnknownNotificationError(f"通知不存在 / no notification {notification_id}")
        return found

    def link(self, path: str) -> str:
        return f"{self.workbench_url}{path}"
