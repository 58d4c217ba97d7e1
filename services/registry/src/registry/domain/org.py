"""Organisational units as aggregates: their names, commanders and members change by events."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from registry.domain.errors import ConflictingCommandError

ORG_NAMESPACE = uuid.UUID("6f1c2a52-1d3e-4c57-9a0e-3b1f0c6f7a11")


@dataclass(frozen=True)
class OrgChange:
    """One dated change of a unit: what changed, to what, from when."""

    change: str
    value: str
    effective_on: date
    reason: str


def _person_of(value: Any) -> str | None:
    if isinstance(value, dict):
        person = value.get("person")
        return None if person is None else str(person)
    return None if value is None else str(value)


class OrgUnit(Aggregate):
    """A county, department, sub-command or HQ body; its id follows from its unit id."""

    @staticmethod
    def create_id(unit_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(ORG_NAMESPACE, f"org:{unit_id}")

    class Registered(Aggregate.Created):
        unit_id: str
        kind: str
        name: str
        attributes: dict[str, Any]
        effective_on: date

    class Changed(Aggregate.Event):
        unit_id: str
        change: str
        value: str
        effective_on: date
        reason: str

    @event(Registered)
    def __init__(
        self, unit_id: str, kind: str, name: str, attributes: dict[str, Any], effective_on: date
    ) -> None:
        self.unit_id = unit_id
        self.kind = kind
        self.name = name
        self.attributes = attributes
        self.effective_on = effective_on
        self.history: list[OrgChange] = [OrgChange("registered", name, effective_on, "")]
        commander = _person_of(attributes.get("commander"))
        if commander is not None:
            self.history.append(OrgChange("commander_assigned", commander, effective_on, ""))
        for department in attributes.get("lead_units", []):
            self.history.append(OrgChange("department_added", str(department), effective_on, ""))

    @event(Changed)
    def _changed(
        self, unit_id: str, change: str, value: str, effective_on: date, reason: str
    ) -> None:
        self.history.append(OrgChange(change, value, effective_on, reason))
        if change == "renamed":
            self.name = self.name_on(date.max)

    def rename(self, name: str, effective_on: date, reason: str) -> None:
        """Give the unit a new name from ``effective_on``."""
        if name == self.name_on(effective_on):
            raise ConflictingCommandError(f"名称未变化 / the unit is already named {name}")
        self._changed(self.unit_id, "renamed", name, effective_on, reason)

    def assign_commander(self, person: str, effective_on: date, reason: str) -> None:
        """A new commander (指挥长) answers for the unit from ``effective_on``."""
        if person == self.commander_on(effective_on):
            raise ConflictingCommandError(f"{person} 已是指挥长 / already the commander")
        self._changed(self.unit_id, "commander_assigned", person, effective_on, reason)

    def add_department(self, department: str, effective_on: date, reason: str) -> None:
        """A department joins the unit's lead units from ``effective_on``."""
        if department in self.departments_on(effective_on):
            raise ConflictingCommandError(f"{department} 已是成员单位 / already a member")
        self._changed(self.unit_id, "department_added", department, effective_on, reason)

    def remove_department(self, department: str, effective_on: date, reason: str) -> None:
        """A department leaves the unit's lead units from ``effective_on``."""
        if department not in self.departments_on(effective_on):
            raise ConflictingCommandError(f"{department} 不是成员单位 / not a member")
        self._changed(self.unit_id, "department_removed", department, effective_on, reason)

    def _effective(self, day: date, changes: tuple[str, ...]) -> list[OrgChange]:
        # Stable sort: for the same effective date, the later recorded change wins.
        dated = [c for c in self.history if c.change in changes and c.effective_on <= day]
        return sorted(dated, key=lambda c: c.effective_on)

    def name_on(self, day: date) -> str:
        """The unit's name on ``day`` (its first name before any change)."""
        names = self._effective(day, ("registered", "renamed"))
        return names[-1].value if names else self.history[0].value

    def commander_on(self, day: date) -> str | None:
        """Who commanded the unit on ``day`` (None when nobody had been named yet)."""
        commanders = self._effective(day, ("commander_assigned",))
        return commanders[-1].value if commanders else None

    def departments_on(self, day: date) -> list[str]:
        """The unit's lead/member departments on ``day``, in joining order."""
        members: list[str] = []
        for change in self._effective(day, ("department_added", "department_removed")):
            if change.change == "department_added" and change.value not in members:
                members.append(change.value)
            elif change.change == "department_removed" and change.value in members:
                members.remove(change.value)
        return members
