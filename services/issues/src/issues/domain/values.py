"""Values of the issue aggregate: open statuses, ratings, the supervision record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import TypedDict

ISSUE_NAMESPACE = uuid.UUID("6f1d2c9e-3b4a-4e8f-9c70-1a2b3c4d5e6f")
OPEN_UNRESOLVED = frozenset({"assigned", "in_progress", "reopened"})
RATINGS = ("优秀", "良好", "合格", "不合格")


@dataclass
class SupervisionState:
    """13710 supervision of one issue: since when, why, which clock, what was missed."""

    since: date
    reason: str
    major: bool
    missed: list[str] = field(default_factory=list)
    rating: str | None = None


class DeadlineFields(TypedDict):
    """A deadline and its basis as the deadline-setting events store them."""

    deadline: date
    counted_from: date
    counted_days: int
    fallback_years: list[int]


@dataclass(frozen=True)
class CountedDeadline:
    """A deadline and how it was counted: ``working_days`` working days after
    ``counted_from``. ``fallback_years`` had no holiday schedule when it was counted
    (Monday–Friday stood in), so the date is provisional until they are known and it
    is counted again from the same basis."""

    on: date
    counted_from: date
    working_days: int
    fallback_years: tuple[int, ...] = ()

    def extended(
        self, working_days: int, on: date, fallback_years: tuple[int, ...]
    ) -> CountedDeadline:
        """The same count carried ``working_days`` further (an extension): n working
        days after a working day that is itself m after the start are m + n after it."""
        return CountedDeadline(
            on, self.counted_from, self.working_days + working_days, fallback_years
        )

    def event_fields(self) -> DeadlineFields:
        """The deadline and its basis as the deadline-setting events store them."""
        return DeadlineFields(
            deadline=self.on,
            counted_from=self.counted_from,
            counted_days=self.working_days,
            fallback_years=list(self.fallback_years),
        )
