"""A county's monthly dispatch meeting report (每月至少一次, 及时报告总指挥部办公室)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from scheduling.domain.cadence import month_end
from scheduling.domain.errors import InvalidCommandError

REPORT_NAMESPACE = uuid.UUID("7b2e9c41-0d3a-4e6f-b5a8-9c1d2e3f4a55")


def report_month_bounds(month: str) -> tuple[date, date]:
    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, 1), month_end(year, number)


class CountyMonth(Aggregate):
    """One county's one month: the meetings it reported, or that it was flagged missing."""

    @staticmethod
    def create_id(county: str, month: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(REPORT_NAMESPACE, f"{county}:{month}")

    class Opened(Aggregate.Created):
        county: str
        month: str

    class Filed(Aggregate.Event):
        county: str
        month: str
        held_on: date
        summary: str

    class Missing(Aggregate.Event):
        county: str
        month: str
        deadline: date

    @event(Opened)
    def __init__(self, county: str, month: str) -> None:
        self.county = county
        self.month = month
        self.reports: list[dict[str, str]] = []
        self.flagged_missing_on: date | None = None

    def file(self, held_on: date, summary: str) -> None:
        """Record a held meeting; a later report is kept too (at least once a month)."""
        first, last = report_month_bounds(self.month)
        if not first <= held_on <= last:
            raise InvalidCommandError(
                "held_on", f"会议日期须在 {self.month} 内 / held_on must fall in {self.month}"
            )
        self._filed(self.county, self.month, held_on, summary)

    @event(Filed)
    def _filed(self, county: str, month: str, held_on: date, summary: str) -> None:
        self.reports.append({"held_on": held_on.isoformat(), "summary": summary})

    @property
    def reported(self) -> bool:
        return bool(self.reports)

    def flag_missing(self, deadline: date) -> bool:
        """Flag the month once when nothing was reported by ``deadline``; True if flagged now."""
        if self.reported or self.flagged_missing_on is not None:
            return False
        self._missing(self.county, self.month, deadline)
        return True

    @event(Missing)
    def _missing(self, county: str, month: str, deadline: date) -> None:
        self.flagged_missing_on = deadline
