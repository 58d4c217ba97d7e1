"""The records assessment keeps of other services' objects: units, projects, issues, meetings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

STARTED_STAGES = frozenset({"started", "resumed", "completed", "operating"})


@dataclass
class UnitFact:
    unit_id: str
    kind: str
    name: str
    attributes: dict[str, Any]


@dataclass
class ProjectFact:
    project_id: str
    name: str
    county: str
    subcommand: str
    year: int
    annual_plan: Decimal
    planned_start: date
    planned_completion: date
    is_new: bool
    stages: list[tuple[str, date]] = field(default_factory=list)
    # month → investment completed in that month; a correction replaces the figure
    reports: dict[str, Decimal] = field(default_factory=dict)
    approval_days_used: int | None = None
    approval_limit: int | None = None
    sla_breached_on: date | None = None

    def started_by(self, day: date) -> bool:
        return any(stage in STARTED_STAGES and on <= day for stage, on in self.stages)

    def completed_between(self, first_month: str, last_month: str) -> Decimal:
        return sum(
            (
                amount
                for month, amount in self.reports.items()
                if first_month <= month <= last_month
            ),
            Decimal(0),
        )


@dataclass
class IssueFact:
    issue_id: str
    county: str | None
    project_id: str | None
    subcommand: str | None
    level: str
    department: str | None
    assignee: str
    title: str
    deadline: date
    raised_on: date
    resolved_on: date | None = None
    on_time: bool | None = None
    closed_on: date | None = None
    supervised_on: date | None = None
    breaches: list[date] = field(default_factory=list)

    def open_on(self, day: date) -> bool:
        return self.raised_on <= day and (self.resolved_on is None or self.resolved_on > day)

    def overdue_on(self, day: date) -> bool:
        return self.open_on(day) and self.deadline < day


@dataclass
class MeetingFact:
    meeting_id: str
    series: str
    planned_on: date | None = None
    held_on: date | None = None
    county: str | None = None
    subcommand: str | None = None
    decisions: int = 0
