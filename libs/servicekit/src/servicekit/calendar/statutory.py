"""The statutory Chinese calendar as published by the State Council, via `chinese_calendar`.

The library raises NotImplementedError for any date outside the years it has data
for; it decides that range from the years of its holiday table, so we read the same
table once instead of probing day by day.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import chinese_calendar


@cache
def statutory_years() -> range:
    """The years the installed `chinese_calendar` covers (inclusive range as a `range`)."""
    years = {day.year for day in chinese_calendar.holidays}
    return range(min(years), max(years) + 1)


def statutory_working_days(year: int) -> list[dt.date]:
    """Every working day of a covered `year`, in order, per the library.

    Raises ValueError for a year outside `statutory_years()`.
    """
    if year not in statutory_years():
        raise ValueError(f"chinese_calendar has no data for {year}")
    first = dt.date(year, 1, 1)
    length = (dt.date(year + 1, 1, 1) - first).days
    days = (first + dt.timedelta(days=offset) for offset in range(length))
    # Asking the library itself (once per year, cached by the caller) keeps its
    # rules, e.g. make-up days, authoritative rather than re-derived here.
    return [day for day in days if chinese_calendar.is_workday(day)]
