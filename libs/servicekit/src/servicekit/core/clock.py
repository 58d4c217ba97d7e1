"""Injected clock: domain code asks a `Clock` for the time instead of reading it.

`now()` is an aware UTC instant (what events record); `today()` is the business
date in Asia/Shanghai (what working-day deadlines count from).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def _business_tz() -> tzinfo:
    try:
        return ZoneInfo("Asia/Shanghai")
    except ZoneInfoNotFoundError:
        # A slim image may lack the tz database; Shanghai has kept a fixed UTC+8
        # without DST since 1991, so the offset is an exact substitute for our dates.
        return timezone(timedelta(hours=8), "Asia/Shanghai")


BUSINESS_TZ: tzinfo = _business_tz()


@runtime_checkable
class Clock(Protocol):
    """Source of the current time."""

    def now(self) -> datetime:
        """The current instant, timezone-aware, in UTC."""
        ...

    def today(self) -> date:
        """The current business date in Asia/Shanghai."""
        ...


def _require_aware(at: datetime) -> datetime:
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime {at.isoformat()} given; a timezone-aware one is required")
    return at.astimezone(UTC)


def business_date(at: datetime) -> date:
    """The Asia/Shanghai calendar date of an aware instant."""
    return _require_aware(at).astimezone(BUSINESS_TZ).date()


class SystemClock:
    """The real wall clock."""

    def now(self) -> datetime:
        """The current instant in UTC."""
        return datetime.now(UTC)

    def today(self) -> date:
        """Today's date in Asia/Shanghai."""
        return business_date(self.now())


class FixedClock:
    """A clock that stands still until a test moves it."""

    def __init__(self, at: datetime) -> None:
        self._at = _require_aware(at)

    def now(self) -> datetime:
        """The instant the clock was set to, in UTC."""
        return self._at

    def today(self) -> date:
        """The Asia/Shanghai date of the set instant."""
        return business_date(self._at)

    def advance(self, delta: timedelta) -> None:
        """Move the clock by `delta` (negative moves it back)."""
        self._at = self._at + delta

    def set(self, at: datetime) -> None:
        """Jump the clock to the aware instant `at`."""
        self._at = _require_aware(at)
