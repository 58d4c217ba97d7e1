"""What every registry command needs: the store, the rule parameters, calendar and clock."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from registry.application.org_directory import OrgDirectory
from registry.domain import KeyList, OrgUnit, Project
from registry.policy import RegistryPolicy
from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import Clock
from servicekit.runtime.ruled import RuledApplication

T = TypeVar("T")


class UnknownObjectError(LookupError):
    """The command names an object the registry does not know (HTTP 404)."""


class RegistryBase(RuledApplication[RegistryPolicy], rules=RegistryPolicy):
    """The registry's rules, calendar and clock, and its organisation directory."""

    name = "registry"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        rules: RegistryPolicy | None = None,
        calendar: WorkingDayCalendar | None = None,
        clock: Clock | None = None,
        org_refresh_interval_s: float = 1.0,
    ) -> None:
        super().__init__(env, rules=rules, calendar=calendar, clock=clock)
        self.org_directory = OrgDirectory(self, refresh_interval_s=org_refresh_interval_s)
        self.record_listeners.append(self.org_directory.record_written)

    def _get(self, aggregate_id: UUID, kind: type[T], what: str) -> T:
        try:
            aggregate: Any = self.repository.get(aggregate_id)
        except AggregateNotFoundError as exc:
            raise UnknownObjectError(what) from exc
        if not isinstance(aggregate, kind):
            raise UnknownObjectError(what)
        return aggregate

    def get_project(self, project_id: UUID) -> Project:
        """The project's current state; UnknownObjectError when there is none."""
        return self._get(project_id, Project, f"项目不存在 / no project {project_id}")

    def find_org_unit(self, unit_id: str) -> OrgUnit | None:
        """The unit for look-ups (shared: never change it; ``load_org_unit`` to change)."""
        return self.org_directory.current(expect=(unit_id,)).get(unit_id)

    def load_org_unit(self, unit_id: str) -> OrgUnit:
        """A private copy of the unit, to change and save."""
        return self._get(OrgUnit.create_id(unit_id), OrgUnit, f"组织单位不存在 / no unit {unit_id}")

    def find_key_list(self, year: int) -> KeyList | None:
        try:
            return self._get(KeyList.create_id(year), KeyList, str(year))
        except UnknownObjectError:
            return None

    def count_working_days(self, first: Any, last: Any) -> int:
        """Working days after ``first`` up to and including ``last`` (domain.md §4)."""
        return self.calendar.working_days_between(first, last).count
