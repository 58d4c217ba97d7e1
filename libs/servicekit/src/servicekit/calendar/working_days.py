"""Working-day arithmetic over the statutory calendar, office overrides and a fallback.

Each year is resolved once into a sorted tuple of day ordinals; every computation is
then a few bisections per year spanned, so sweeps over thousands of issues stay cheap.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from pathlib import Path

import yaml

from servicekit.calendar.overrides import (
    OverrideMapping,
    OverrideYear,
    parse_overrides,
    read_overrides_yaml,
)
from servicekit.calendar.results import (
    CalendarSource,
    DeadlineResult,
    WorkingDayCount,
    weakest_source,
)
from servicekit.calendar.statutory import statutory_working_days, statutory_years

logger = logging.getLogger("kpd.calendar")


@dataclass(frozen=True, slots=True)
class _Year:
    source: CalendarSource
    ordinals: tuple[int, ...]
    members: frozenset[int]


def _monday_to_friday(year: int) -> list[dt.date]:
    return OverrideYear(year, frozenset(), frozenset()).working_days()


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_mtime_ns, status.st_size


def _require_date(value: object) -> None:
    # A datetime would silently use its own (perhaps UTC) date, not the business date.
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise TypeError(f"expected a datetime.date, got {type(value).__name__}")


class WorkingDayCalendar:
    """The Chinese statutory working-day calendar, with per-year overrides as data.

    A year is taken from an override if loaded, else from `chinese_calendar`, else it
    falls back to Monday–Friday (logged once per year on "kpd.calendar", never raised).
    """

    def __init__(self, overrides: OverrideMapping | None = None) -> None:
        self._overrides: dict[int, OverrideYear] = {}
        self._years: dict[int, _Year] = {}
        self._warned_years: set[int] = set()
        self._lock = threading.Lock()
        # The office's override file and the (mtime, size) it was read at: refresh()
        # re-reads it when it changes, so a schedule dropped in needs no restart.
        self._file: Path | None = None
        self._file_stamp: tuple[int, int] | None = None
        if overrides is not None:
            self.load_overrides(overrides)

    @classmethod
    def from_yaml(cls, path: str | Path) -> WorkingDayCalendar:
        """A calendar with the overrides in the YAML file at `path`."""
        calendar = cls()
        calendar._file = Path(path)
        calendar._file_stamp = _stamp(calendar._file)
        calendar._apply(read_overrides_yaml(path))
        return calendar

    @classmethod
    def configured(cls, overrides_file: Path | None) -> WorkingDayCalendar:
        """The statutory calendar plus the office's override file, when one is set.

        A named file that is missing or malformed stops start-up
        (CalendarOverrideError, OSError) rather than silently counting Monday–Friday.
        """
        return cls.from_yaml(overrides_file) if overrides_file is not None else cls()

    def load_overrides(self, mapping: OverrideMapping) -> None:
        """Validate and load ``{year: {"holidays": [...], "workdays": [...]}}``.

        Each year given replaces any earlier override of that year and takes
        precedence over the library. All years are validated before any is applied.
        """
        self._apply(parse_overrides(mapping))

    def _apply(self, parsed: dict[int, OverrideYear]) -> None:
        with self._lock:
            self._overrides.update(parsed)
            for year in parsed:
                self._years.pop(year, None)

    def refresh(self) -> tuple[int, ...]:
        """Re-read the override file if it changed since it was read; the years whose
        schedule changed (added, altered or removed), ascending, else ``()``.

        A file that became unreadable or malformed keeps the schedule already loaded
        (logged): a sweep must not start counting Monday–Friday because of a typo.
        """
        if self._file is None:
            return ()
        try:
            stamp = _stamp(self._file)
            if stamp == self._file_stamp:
                return ()
            parsed = read_overrides_yaml(self._file)
        except (OSError, ValueError, yaml.YAMLError) as exc:
            logger.error("calendar override file %s not reloaded: %s", self._file, exc)
            return ()
        with self._lock:
            changed = {
                year
                for year in set(parsed) | set(self._overrides)
                if parsed.get(year) != self._overrides.get(year)
            }
            self._overrides = dict(parsed)
            for year in changed:
                self._years.pop(year, None)
            self._file_stamp = stamp
        if changed:
            logger.warning(
                "calendar override file %s reloaded: years %s changed",
                self._file,
                sorted(changed),
            )
        return tuple(sorted(changed))

    @property
    def override_years(self) -> tuple[int, ...]:
        """The years that have an override loaded, ascending."""
        return tuple(sorted(self._overrides))

    def source_for_year(self, year: int) -> CalendarSource:
        """Where `year`'s schedule comes from."""
        return self._year(year).source

    def _year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        with self._lock:
            cached = self._years.get(year)
            if cached is None:
                cached = self._build(year)
                self._years[year] = cached
            return cached

    def _build(self, year: int) -> _Year:
        source: CalendarSource
        if year in self._overrides:
            source, days = "override", self._overrides[year].working_days()
        elif year in statutory_years():
            source, days = "statutory", statutory_working_days(year)
        else:
            source, days = "fallback", _monday_to_friday(year)
            if year not in self._warned_years:
                self._warned_years.add(year)
                logger.warning(
                    "no statutory calendar or override for %d; counting Monday-Friday", year
                )
        ordinals = tuple(day.toordinal() for day in days)
        return _Year(source, ordinals, frozenset(ordinals))

    def _provenance(self, first: int, last: int) -> tuple[CalendarSource, tuple[int, ...]]:
        sources = {year: self._year(year).source for year in range(first, last + 1)}
        fallback = tuple(year for year, source in sources.items() if source == "fallback")
        return weakest_source(sources.values()), fallback

    def fallback_years_between(self, first: dt.date, last: dt.date) -> tuple[int, ...]:
        """The years from `first` to `last` counted Monday–Friday for want of a schedule:
        a deadline spanning any of them is provisional."""
        _require_date(first)
        _require_date(last)
        low, high = sorted((first.year, last.year))
        return self._provenance(low, high)[1]

    def is_working_day(self, day: dt.date) -> bool:
        """Whether `day` is worked (make-up weekend days are; holidays are not)."""
        _require_date(day)
        return day.toordinal() in self._year(day.year).members

    def add_working_days(self, start: dt.date, n: int) -> DeadlineResult:
        """The end of the `n`-th working day after `start` ("within n working days").

        `start` itself is not counted; the last day is. ``n == 0`` gives `start`.
        """
        _require_date(start)
        if n < 0:
            raise ValueError(f"n must be >= 0, got {n}")
        end, year, remaining = start, start.year, n
        ordinals = self._year(year).ordinals
        index = bisect_right(ordinals, start.toordinal())
        while remaining > 0:
            available = len(ordinals) - index
            if remaining <= available:
                end = dt.date.fromordinal(ordinals[index + remaining - 1])
                break
            remaining -= available
            year += 1
            ordinals, index = self._year(year).ordinals, 0
        source, fallback = self._provenance(start.year, end.year)
        return DeadlineResult(end, source, fallback)

    def working_days_between(self, first: dt.date, last: dt.date) -> WorkingDayCount:
        """Working days after `first` up to and including `last` (0 if last <= first)."""
        _require_date(first)
        _require_date(last)
        count = 0
        if last > first:
            low, high = first.toordinal(), last.toordinal()
            for year in range(first.year, last.year + 1):
                ordinals = self._year(year).ordinals
                count += bisect_right(ordinals, high) - bisect_right(ordinals, low)
        source, fallback = self._provenance(min(first, last).year, max(first, last).year)
        return WorkingDayCount(count, source, fallback)

    def next_working_day_on_or_after(self, day: dt.date) -> dt.date:
        """`day` if it is a working day, else the first working day after it."""
        _require_date(day)
        year, target = day.year, day.toordinal()
        while True:
            ordinals = self._year(year).ordinals
            index = bisect_left(ordinals, target)
            if index < len(ordinals):
                return dt.date.fromordinal(ordinals[index])
            year += 1

    def working_days_in_month(self, year: int, month: int) -> list[dt.date]:
        """The working days of `month` in `year`, in order."""
        first = dt.date(year, month, 1)
        after = dt.date(year + month // 12, month % 12 + 1, 1)
        ordinals = self._year(year).ordinals
        low = bisect_left(ordinals, first.toordinal())
        high = bisect_left(ordinals, after.toordinal())
        return [dt.date.fromordinal(ordinal) for ordinal in ordinals[low:high]]
