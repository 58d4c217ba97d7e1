"""The store's own refusal of impossible dates: no path stores one, not only HTTP.

The API's types refuse them first (``servicekit.web.dates``), naming the field;
this is the floor under every other way in — an import, a consumer, a sweep — so
that a date outside the policy's range can never become an event. Timestamps
(``datetime``, stamped by the store and the clock) are not business dates.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from servicekit.policy import DateRange


class DateOutOfRangeError(ValueError):
    """A new event carries a date outside the policy file's ``dates``."""

    def __init__(self, field: str, day: date, dates: DateRange) -> None:
        self.field = field
        super().__init__(
            f"{field} 的日期 {day.isoformat()} 不在 {dates.describe()} 之间 / "
            f"{field}={day.isoformat()} is outside {dates.describe()}"
        )


def _dates_in(value: Any) -> Iterable[date]:
    if isinstance(value, date) and not isinstance(value, datetime):
        yield value
    elif isinstance(value, (list, tuple, set, frozenset)):
        for item in value:
            yield from _dates_in(item)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _dates_in(item)


def check_event_dates(events: Iterable[Any], dates: DateRange) -> None:
    for event in events:
        for field, value in vars(event).items():
            for day in _dates_in(value):
                if day not in dates:
                    raise DateOutOfRangeError(field, day, dates)
