"""The API's one date type and one year type, bounded by the policy file's ``dates``.

``"planned_start": "0999-01-01"`` was taken (201) and every later registry sweep
answered 500; a stage change ``on`` the year 1 and ``?year=99999999999999999999``
answered 500 too. Every route now takes dates and years through these types, so
such input is a 422 naming the field and the range; the store refuses the same
dates by any other path (``servicekit.eventstore.dates``).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import AfterValidator, Field, StringConstraints

from servicekit.policy import deployment_dates

# Representable years only (the policy narrows them): keeps the integer a machine
# integer before the range is even looked at.
_YEAR_DIGITS = Field(ge=1, le=9999)


def _in_range(day: date) -> date:
    dates = deployment_dates()
    if day not in dates:
        raise ValueError(f"日期须在 {dates.describe()} 之间 / date outside {dates.describe()}")
    return day


def _year_in_range(year: int) -> int:
    dates = deployment_dates()
    if not dates.earliest.year <= year <= dates.latest.year:
        span = f"{dates.earliest.year}–{dates.latest.year}"
        raise ValueError(f"年份须在 {span} 之间 / year outside {span}")
    return year


def _month_in_range(month: str) -> str:
    dates = deployment_dates()
    first, last = dates.earliest.isoformat()[:7], dates.latest.isoformat()[:7]
    if not first <= month <= last:
        raise ValueError(f"月份须在 {first} 至 {last} 之间 / month outside {first}–{last}")
    return month


BusinessDate = Annotated[date, AfterValidator(_in_range)]
BusinessYear = Annotated[int, _YEAR_DIGITS, AfterValidator(_year_in_range)]
# ``YYYY-MM``; compared as text, which orders months correctly for four-digit years.
BusinessMonth = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$"),
    AfterValidator(_month_in_range),
]

__all__ = ["BusinessDate", "BusinessMonth", "BusinessYear"]
