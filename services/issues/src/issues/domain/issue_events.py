"""The issue's recorded events, as they are stored (one class per fact).

Defined here and named on ``Issue`` (``Raised = recorded.Raised``…): the library
redefines each under the aggregate, so the stored topics stay
``issues.domain.issue:Issue.<Name>`` whatever module holds the fields.
Deadline-setting events carry the deadline's basis from class version 2 on
(``CountedDeadline``); their v1 records decode with the basis unknown.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate

from issues.domain.values import CountedDeadline


class Raised(Aggregate.Created):
    # v2: how the deadline was counted (CountedDeadline), so it can be counted
    # again when a year's holiday schedule arrives.
    class_version = 2
    key: str
    project_id: str | None
    county: str | None
    subcommand: str | None
    project_unit: str | None
    category: str
    title: str
    description: str
    source: str
    meeting_id: str | None
    level: str
    start_reason: str | None
    responsible_department: str | None
    assignee: str
    deadline: date
    counted_from: date | None
    counted_days: int | None
    fallback_years: list[int]
    raised_on: date

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        unknown_basis(state)


class Progressed(Aggregate.Event):
    note: str
    substantive: bool
    on: date


class Resolved(Aggregate.Event):
    resolution: str
    on: date
    on_time: bool
    level: str


class FollowedUp(Aggregate.Event):
    note: str
    on: date
    late: bool


class Closed(Aggregate.Event):
    comment: str
    on: date
    level: str


class Reopened(Aggregate.Event):
    class_version = 2
    comment: str
    on: date
    deadline: date
    level: str
    counted_from: date | None
    counted_days: int | None
    fallback_years: list[int]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        unknown_basis(state)


class Escalated(Aggregate.Event):
    class_version = 2
    from_level: str
    to_level: str
    reason: str
    assignee: str
    deadline: date
    on: date
    automatic: bool
    counted_from: date | None
    counted_days: int | None
    fallback_years: list[int]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        unknown_basis(state)


class ExtensionRequested(Aggregate.Event):
    working_days: int
    reason: str
    on: date


class ExtensionGranted(Aggregate.Event):
    class_version = 2
    working_days: int
    deadline: date
    comment: str
    on: date
    counted_from: date | None
    counted_days: int | None
    fallback_years: list[int]

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        unknown_basis(state)


class DeadlineRecomputed(Aggregate.Event):
    """A provisional deadline counted again from its basis once the schedule of
    a year it crossed became known (the date may stay the same)."""

    previous_deadline: date
    deadline: date
    counted_from: date
    counted_days: int
    fallback_years: list[int]
    on: date


class ExtensionRefused(Aggregate.Event):
    comment: str
    on: date


class Supervised(Aggregate.Event):
    reason: str
    major: bool
    on: date


class SupervisionLimitMissed(Aggregate.Event):
    limit: str
    due: date
    on: date


class SupervisionRated(Aggregate.Event):
    rating: str
    on: date


class CounterpartRecorded(Aggregate.Event):
    department: str
    counterpart: str
    note: str
    on: date


def basis_of(
    deadline: date, counted_from: date | None, counted_days: int | None, fallback_years: list[int]
) -> CountedDeadline | None:
    """How the deadline was counted; None for events stored before it was recorded."""
    if counted_from is None or counted_days is None:
        return None
    return CountedDeadline(deadline, counted_from, counted_days, tuple(fallback_years))


def unknown_basis(state: dict[str, Any]) -> None:
    """v1 events did not record the count behind their deadline: it stays as stored."""
    state["counted_from"] = None
    state["counted_days"] = None
    state["fallback_years"] = []
