"""Which years a span counted Monday–Friday for want of a schedule (provisional deadlines)."""

from __future__ import annotations

import datetime as dt

from servicekit.calendar import WorkingDayCalendar, statutory_years

LAST = statutory_years()[-1]


def test_a_span_within_known_years_has_no_fallback_year() -> None:
    calendar = WorkingDayCalendar()
    assert calendar.fallback_years_between(dt.date(LAST - 1, 3, 1), dt.date(LAST, 12, 31)) == ()


def test_a_span_into_the_unknown_names_each_unknown_year_in_either_order() -> None:
    calendar = WorkingDayCalendar()
    first, last = dt.date(LAST, 12, 28), dt.date(LAST + 2, 1, 5)
    assert calendar.fallback_years_between(first, last) == (LAST + 1, LAST + 2)
    assert calendar.fallback_years_between(last, first) == (LAST + 1, LAST + 2)
    # The deadline itself comes back with the same provenance.
    assert calendar.add_working_days(first, 10).fallback_years == (LAST + 1,)


def test_an_override_makes_a_year_known() -> None:
    year = LAST + 1
    days = {"holidays": [f"{year}-01-01"], "workdays": []}
    calendar = WorkingDayCalendar({year: days})
    assert calendar.fallback_years_between(dt.date(LAST, 12, 28), dt.date(year, 1, 10)) == ()
