"""A year's working-day schedule loaded as data by the office (overrides the library).

Shape, per year: ``{2027: {"holidays": [dates off], "workdays": [worked weekend days]}}``.
Dates may be `datetime.date` or ISO strings ("2027-01-01"); year keys int or digits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

OverrideMapping = Mapping[Any, Any]
"""Raw override data as it comes from code, an event payload or YAML; validated on load."""

_KEYS = frozenset({"holidays", "workdays"})


class CalendarOverrideError(ValueError):
    """Override data that cannot be a year's schedule."""


@dataclass(frozen=True, slots=True)
class OverrideYear:
    """One year's full schedule: Monday–Friday minus `holidays`, plus `workdays`."""

    year: int
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    def working_days(self) -> list[dt.date]:
        """Every working day of the year, in order."""
        first = dt.date(self.year, 1, 1)
        length = (dt.date(self.year + 1, 1, 1) - first).days
        days = (first + dt.timedelta(days=offset) for offset in range(length))
        return [
            day
            for day in days
            if day in self.workdays or (day.weekday() < 5 and day not in self.holidays)
        ]

    def as_mapping(self) -> dict[str, list[str]]:
        """The schedule as plain ISO strings (for an event payload or YAML)."""
        return {
            "holidays": sorted(day.isoformat() for day in self.holidays),
            "workdays": sorted(day.isoformat() for day in self.workdays),
        }


def _parse_year(raw: object) -> int:
    if isinstance(raw, str) and raw.isdigit():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int) or not 1 <= raw < dt.MAXYEAR:
        raise CalendarOverrideError(f"override year must be a year number, got {raw!r}")
    return raw


def _parse_date(raw: object, year: int, field: str) -> dt.date:
    if isinstance(raw, str):
        try:
            raw = dt.date.fromisoformat(raw)
        except ValueError as exc:
            raise CalendarOverrideError(f"{year} {field}: {raw!r} is not an ISO date") from exc
    # datetime is a date subclass; a time of day has no meaning in a schedule.
    if not isinstance(raw, dt.date) or isinstance(raw, dt.datetime):
        raise CalendarOverrideError(f"{year} {field}: {raw!r} is not a date")
    if raw.year != year:
        raise CalendarOverrideError(f"{year} {field}: {raw.isoformat()} is not in {year}")
    return raw


def _parse_dates(raw: object, year: int, field: str) -> frozenset[dt.date]:
    if raw is None:
        return frozenset()
    if isinstance(raw, str | bytes) or not isinstance(raw, Iterable):
        raise CalendarOverrideError(f"{year} {field}: expected a list of dates, got {raw!r}")
    return frozenset(_parse_date(item, year, field) for item in raw)


def parse_override_year(year_raw: object, schedule: object) -> OverrideYear:
    """Validate one year's schedule; raises CalendarOverrideError (a ValueError)."""
    year = _parse_year(year_raw)
    if not isinstance(schedule, Mapping):
        raise CalendarOverrideError(f"{year}: expected a mapping with holidays/workdays")
    unknown = set(schedule) - _KEYS
    if unknown:
        raise CalendarOverrideError(f"{year}: unknown keys {sorted(map(str, unknown))}")
    holidays = _parse_dates(schedule.get("holidays"), year, "holidays")
    workdays = _parse_dates(schedule.get("workdays"), year, "workdays")
    both = sorted(holidays & workdays)
    if both:
        listed = ", ".join(day.isoformat() for day in both)
        raise CalendarOverrideError(f"{year}: {listed} listed as both holiday and workday")
    weekdays = sorted(day for day in workdays if day.weekday() < 5)
    if weekdays:
        listed = ", ".join(day.isoformat() for day in weekdays)
        raise CalendarOverrideError(
            f"{year} workdays: {listed} fall Monday–Friday; list only worked weekend days"
        )
    return OverrideYear(year, holidays, workdays)


def parse_overrides(mapping: OverrideMapping) -> dict[int, OverrideYear]:
    """Validate a ``{year: {"holidays": [...], "workdays": [...]}}`` mapping."""
    if not isinstance(mapping, Mapping):
        raise CalendarOverrideError(f"overrides must be a mapping by year, got {mapping!r}")
    parsed = [parse_override_year(year, schedule) for year, schedule in mapping.items()]
    years = [entry.year for entry in parsed]
    if len(set(years)) != len(years):
        # e.g. both 2027 and "2027" as keys: which one wins would be an accident.
        raise CalendarOverrideError(f"a year is given twice in overrides: {sorted(years)}")
    return {entry.year: entry for entry in parsed}


def read_overrides_yaml(path: str | Path) -> dict[int, OverrideYear]:
    """Read and validate overrides from a YAML file (an empty file means none)."""
    loaded = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return parse_overrides(loaded if loaded is not None else {})
