"""Where a series' meeting falls in a month: working weeks over the statutory calendar.

Definition (also in the policy file): the working weeks of a month are the
Monday–Sunday weeks that hold at least one working day *of that month* (a make-up
Saturday or Sunday counts; a week of holidays does not). "Working week N" is the
N-th of them; a month with fewer than N takes its last one. The meeting falls on
the policy's slot weekday of that week; when that day is not a working day, or
lies before the 1st of the month, it moves to the next working day on or after it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Protocol


class WorkingDays(Protocol):
    """What the cadence needs of the working-day calendar."""

    def working_days_in_month(self, year: int, month: int) -> list[date]: ...

    def next_working_day_on_or_after(self, day: date) -> date: ...


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def working_weeks(calendar: WorkingDays, year: int, month: int) -> list[date]:
    """The Mondays of the month's working weeks, in order."""
    mondays: list[date] = []
    for day in calendar.working_days_in_month(year, month):
        monday = monday_of(day)
        if not mondays or mondays[-1] != monday:
            mondays.append(monday)
    return mondays


def meeting_slot(
    calendar: WorkingDays, year: int, month: int, working_week: int, weekday: int
) -> date:
    """The date of the meeting in ``working_week`` of the month, on ``weekday`` (1 = Monday)."""
    if working_week < 1 or not 1 <= weekday <= 7:
        raise ValueError(f"bad slot: week {working_week}, weekday {weekday}")
    weeks = working_weeks(calendar, year, month)
    if not weeks:
        # A month without one working day does not exist in any statutory calendar.
        raise ValueError(f"{year}-{month:02d} has no working day")
    monday = weeks[min(working_week, len(weeks)) - 1]
    slot = max(monday + timedelta(days=weekday - 1), date(year, month, 1))
    return calendar.next_working_day_on_or_after(slot)


def month_end(year: int, month: int) -> date:
    """The last day of the month."""
    first_of_next = date(year + month // 12, month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)
