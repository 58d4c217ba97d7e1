"""Result types of working-day computations, each carrying where its data came from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

CalendarSource = Literal["statutory", "override", "fallback"]
"""Where a year's schedule came from: the calendar library, data the office loaded,
or the Monday–Friday fallback used when neither covers the year."""

# Higher rank = weaker evidence; a span is only as trustworthy as its weakest year.
_RANK: dict[CalendarSource, int] = {"statutory": 0, "override": 1, "fallback": 2}


def weakest_source(sources: Iterable[CalendarSource]) -> CalendarSource:
    """The least authoritative of `sources` (fallback < override < statutory)."""
    return max(sources, key=_RANK.__getitem__, default="statutory")


@dataclass(frozen=True, slots=True)
class DeadlineResult:
    """The end date of a working-day period, with the source of the days counted."""

    date: dt.date
    source: CalendarSource
    fallback_years: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class WorkingDayCount:
    """A number of working days in a span, with the source of the days counted."""

    count: int
    source: CalendarSource
    fallback_years: tuple[int, ...]
