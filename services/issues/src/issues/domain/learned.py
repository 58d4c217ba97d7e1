"""What the issues service knows of the world outside: projects and dispatch meetings
learned from other services' events (kept as its own facts, never re-published;
deterministic ids make learning idempotent), and the duty matrix from the policy.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

PROJECT_NAMESPACE = uuid.UUID("0b7a3c55-8f7e-4d7f-a1c2-5e9d4c1b2a10")


class KnownProject(Aggregate):
    """A registry project as the issues service needs it (county, unit, sub-command)."""

    @staticmethod
    def create_id(project_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(PROJECT_NAMESPACE, project_id)

    class Learned(Aggregate.Created):
        project_id: str
        name: str
        county: str
        sector: str
        subcommand: str
        project_unit: str

    @event(Learned)
    def __init__(
        self,
        project_id: str,
        name: str,
        county: str,
        sector: str,
        subcommand: str,
        project_unit: str,
    ) -> None:
        self.project_id = project_id
        self.name = name
        self.county = county
        self.sector = sector
        self.subcommand = subcommand
        self.project_unit = project_unit


@dataclass(frozen=True)
class DutyMatrix:
    """The notice's attachment as issue routing needs it (from the deployment policy):
    category → department, each department's provincial counterparts, sub-command leads."""

    category_departments: Mapping[str, str]
    counterparts: Mapping[str, Sequence[str]]
    lead_units: Mapping[str, Sequence[str]]

    def first_lead_unit(self, subcommand: str) -> str | None:
        leads = self.lead_units.get(subcommand) or []
        return leads[0] if leads else None


class DispatchMeetings(Aggregate):
    """Dates of the dispatch meetings held (调度会议), for the 13710 "two meetings" rule."""

    @staticmethod
    def create_id(**_: Any) -> uuid.UUID:
        return uuid.uuid5(PROJECT_NAMESPACE, "dispatch-meetings")

    class Opened(Aggregate.Created):
        pass

    class Held(Aggregate.Event):
        meeting_id: str
        held_on: date

    @event(Opened)
    def __init__(self) -> None:
        self.held: dict[str, date] = {}

    @event(Held)
    def record(self, meeting_id: str, held_on: date) -> None:
        self.held[meeting_id] = held_on

    def held_between(self, after: date, up_to: date) -> int:
        """Meetings held after ``after`` up to and including ``up_to``."""
        return sum(1 for day in self.held.values() if after < day <= up_to)
