"""The organisation as the scheduling service learned it from registry events.

One aggregate holds every unit (about fifty), so a whole year's chairs are
resolved from one load. Changes are dated: who chairs a meeting is the commander
in office on the meeting date. The registry dates its seed by when it loaded it,
so the commander the registry registered a unit with is taken as in office from
the start (the organisation existed before the registry heard of it) until the
first dated change.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

ORG_ID = uuid.uuid5(uuid.UUID("4c1f3c2e-6a55-4c0a-9f4e-1b2f7d9e8a01"), "organisation")


@dataclass
class KnownUnit:
    unit_id: str
    kind: str
    name: str
    attributes: dict[str, Any]
    effective_on: date
    # (effective_on, change, value), in the order recorded
    changes: list[tuple[date, str, str]] = field(default_factory=list)

    def _latest(self, change: str, day: date) -> str | None:
        dated = [c for c in self.changes if c[1] == change]
        on_or_before = [c for c in sorted(dated, key=lambda c: c[0]) if c[0] <= day]
        return on_or_before[-1][2] if on_or_before else None

    def name_on(self, day: date) -> str:
        return self._latest("renamed", day) or self.name

    def commander_on(self, day: date) -> str | None:
        """The commander in office on ``day``: the latest change in force, else the seed's."""
        assigned = self._latest("commander_assigned", day)
        if assigned is not None:
            return assigned
        value = self.attributes.get("commander")
        return None if value is None else str(value)


class Organisation(Aggregate):
    """Every unit the registry published, by unit id."""

    @staticmethod
    def create_id(**_: Any) -> uuid.UUID:
        return ORG_ID

    class Started(Aggregate.Created):
        pass

    class UnitLearned(Aggregate.Event):
        unit_id: str
        kind: str
        name: str
        attributes: dict[str, Any]
        effective_on: date

    class UnitChanged(Aggregate.Event):
        unit_id: str
        change: str
        value: str
        effective_on: date

    @event(Started)
    def __init__(self) -> None:
        self.units: dict[str, KnownUnit] = {}

    @event(UnitLearned)
    def learn(
        self, unit_id: str, kind: str, name: str, attributes: dict[str, Any], effective_on: date
    ) -> None:
        self.units[unit_id] = KnownUnit(unit_id, kind, name, dict(attributes), effective_on)

    @event(UnitChanged)
    def change(self, unit_id: str, change: str, value: str, effective_on: date) -> None:
        self.units[unit_id].changes.append((effective_on, change, value))

    def of_kind(self, *kinds: str) -> list[KnownUnit]:
        """Units of the given kinds, in the order they were learned."""
        return [unit for unit in self.units.values() if unit.kind in kinds]

    def headquarters(self) -> KnownUnit | None:
        found = self.of_kind("headquarters")
        return found[0] if found else None
