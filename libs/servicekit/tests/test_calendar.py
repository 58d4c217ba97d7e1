"""Working-day calendar. Expected dates are checked against the State Council notices
国办发明电〔2024〕12号 (2025 holidays) and the notice of 2025-11-04 (2026 holidays)."""

import logging
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicekit.calendar import (
    CalendarOverrideError,
    OverrideYear,
    WorkingDayCalendar,
    parse_overrides,
    statutory_years,
)

D = date.fromisoformat
_SHARED = WorkingDayCalendar()  # hypothesis examples reuse one cache, as services do


@pytest.fixture(scope="module")
def calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar()


def test_spec_check_ten_working_days_after_2025_09_26(calendar: WorkingDayCalendar) -> None:
    result = calendar.add_working_days(D("2025-09-26"), 10)
    assert result.date == D("2025-10-16")
    assert result.source == "statutory"
    assert result.fallback_years == ()
    span = calendar.working_days_between(D("2025-09-26"), D("2025-10-16"))
    assert (span.count, span.source, span.fallback_years) == (10, "statutory", ())


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        ("2025-10-01", 0, "2025-10-01"),  # n = 0 is the start, even on a holiday
        ("2025-09-26", 1, "2025-09-28"),  # make-up Sunday counts
        ("2025-01-24", 5, "2025-02-07"),  # Spring Festival 2025: 01-28..02-04 off
        ("2025-01-24", 6, "2025-02-08"),  # ...and Saturday 02-08 is worked
        ("2026-02-12", 8, "2026-03-02"),  # Spring Festival 2026: 02-15..02-23 off, 02-14/28 worked
        ("2025-12-31", 1, "2026-01-04"),  # New Year 2026: 01-01..03 off, Sunday 01-04 worked
        ("2025-12-29", 3, "2026-01-04"),
        ("2025-12-26", 9, "2026-01-09"),
    ],
)
def test_add_working_days(calendar: WorkingDayCalendar, start: str, n: int, expected: str) -> None:
    assert calendar.add_working_days(D(start), n).date == D(expected)


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        ("2025-01-27", "2025-02-05", 1),
        ("2025-01-24", "2025-02-08", 6),
        ("2026-02-13", "2026-02-28", 6),
        ("2025-12-26", "2026-01-09", 9),
        ("2025-10-16", "2025-10-16", 0),
        ("2025-10-16", "2025-09-26", 0),
    ],
)
def test_working_days_between(
    calendar: WorkingDayCalendar, first: str, last: str, expected: int
) -> None:
    assert calendar.working_days_between(D(first), D(last)).count == expected


@pytest.mark.parametrize(
    ("day", "worked"),
    [
        ("2025-09-28", True),  # make-up Sunday
        ("2025-10-11", True),  # make-up Saturday
        ("2026-01-04", True),  # make-up Sunday
        ("2025-10-01", False),
        ("2025-10-08", False),  # a Wednesday inside the holiday
        ("2026-02-23", False),  # a Monday inside the holiday
        ("2025-10-12", False),  # ordinary Sunday
        ("2025-10-13", True),
    ],
)
def test_is_working_day(calendar: WorkingDayCalendar, day: str, worked: bool) -> None:
    assert calendar.is_working_day(D(day)) is worked


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2025-10-01", "2025-10-09"),
        ("2025-10-09", "2025-10-09"),
        ("2025-10-12", "2025-10-13"),
        ("2026-01-01", "2026-01-04"),
        ("2025-12-31", "2025-12-31"),
    ],
)
def test_next_working_day_on_or_after(
    calendar: WorkingDayCalendar, day: str, expected: str
) -> None:
    assert calendar.next_working_day_on_or_after(D(day)) == D(expected)


def test_working_days_in_month(calendar: WorkingDayCalendar) -> None:
    october = calendar.working_days_in_month(2025, 10)
    assert len(october) == 18
    assert october[:3] == [D("2025-10-09"), D("2025-10-10"), D("2025-10-11")]
    february = calendar.working_days_in_month(2026, 2)
    assert len(february) == 16
    assert D("2026-02-14") in february
    assert february[-1] == D("2026-02-28")
    assert calendar.working_days_in_month(2025, 12)[-1] == D("2025-12-31")


def test_coverage_matches_the_library(calendar: WorkingDayCalendar) -> None:
    years = statutory_years()
    assert years.start == 2004
    assert 2026 in years
    for year in (years.start, years[-1]):
        chinese_calendar.is_workday(date(year, 6, 1))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(years.stop, 1, 1))
    with pytest.raises(NotImplementedError):
        chinese_calendar.is_workday(date(years.start - 1, 12, 31))
    assert calendar.source_for_year(2025) == "statutory"


def test_every_covered_day_agrees_with_the_library(calendar: WorkingDayCalendar) -> None:
    day, last = date(statutory_years().start, 1, 1), date(statutory_years()[-1], 12, 31)
    while day <= last:
        assert calendar.is_working_day(day) is chinese_calendar.is_workday(day), day
        day += timedelta(days=1)


def test_year_outside_coverage_falls_back_to_monday_friday(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calendar = WorkingDayCalendar()
    with caplog.at_level(logging.WARNING, logger="kpd.calendar"):
        result = calendar.add_working_days(D("2090-01-06"), 1)  # a Friday
        assert (result.date, result.source, result.fallback_years) == (
            D("2090-01-09"),
            "fallback",
            (2090,),
        )
        assert calendar.is_working_day(D("2090-01-02"))
        assert not calendar.is_working_day(D("2090-01-01"))  # Sunday
        span = calendar.working_days_between(D("2090-01-01"), D("2090-01-31"))
        assert (span.count, span.source, span.fallback_years) == (22, "fallback", (2090,))
    warnings = [r for r in caplog.records if r.name == "kpd.calendar" and "2090" in r.message]
    assert len(warnings) == 1


def test_span_partly_in_a_fallback_year_reports_fallback(calendar: WorkingDayCalendar) -> None:
    last_covered = statutory_years()[-1]
    start = calendar.working_days_in_month(last_covered, 12)[-1]
    expected: list[date] = []
    day = date(last_covered + 1, 1, 1)
    while len(expected) < 3:
        if day.weekday() < 5:
            expected.append(day)
        day += timedelta(days=1)
    result = calendar.add_working_days(start, 3)
    assert (result.date, result.source) == (expected[-1], "fallback")
    assert result.fallback_years == (last_covered + 1,)
    span = calendar.working_days_between(start - timedelta(days=1), expected[-1])
    assert (span.count, span.source, span.fallback_years) == (4, "fallback", (last_covered + 1,))


def test_override_takes_precedence_over_the_library() -> None:
    # A hypothetical 2025 with only 10-01..10-03 off and no make-up days.
    calendar = WorkingDayCalendar({2025: {"holidays": ["2025-10-01", "2025-10-02", "2025-10-03"]}})
    assert calendar.source_for_year(2025) == "override"
    assert calendar.source_for_year(2026) == "statutory"
    assert not calendar.is_working_day(D("2025-09-28"))
    assert calendar.is_working_day(D("2025-10-08"))
    result = calendar.add_working_days(D("2025-09-26"), 10)
    assert (result.date, result.source, result.fallback_years) == (D("2025-10-15"), "override", ())
    across = calendar.add_working_days(D("2025-12-31"), 1)
    assert (across.date, across.source) == (D("2026-01-04"), "override")


def test_override_of_an_uncovered_year_and_mixed_with_fallback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    calendar = WorkingDayCalendar()
    calendar.load_overrides({2089: {"holidays": [D("2089-12-29")], "workdays": []}})
    with caplog.at_level(logging.WARNING, logger="kpd.calendar"):
        inside = calendar.working_days_between(D("2089-12-27"), D("2089-12-30"))
        assert (inside.count, inside.source, inside.fallback_years) == (2, "override", ())
        assert not [r for r in caplog.records if "2089" in r.message]
        result = calendar.add_working_days(D("2089-12-27"), 3)
    assert (result.date, result.source, result.fallback_years) == (
        D("2090-01-02"),
        "fallback",
        (2090,),
    )
    assert calendar.override_years == (2089,)


def test_loading_an_override_replaces_cached_statutory_year() -> None:
    calendar = WorkingDayCalendar()
    assert calendar.is_working_day(D("2026-01-04"))
    calendar.load_overrides({"2026": {"holidays": [], "workdays": []}})
    assert not calendar.is_working_day(D("2026-01-04"))
    assert calendar.is_working_day(D("2026-01-02"))


@pytest.mark.parametrize(
    ("mapping", "message"),
    [
        ({2027: {"holidays": ["2027-01-02"], "workdays": ["2027-01-02"]}}, "both holiday and"),
        ({2027: {"workdays": ["2027-01-04"]}}, "Monday–Friday"),
        ({2027: {"holidays": ["2028-01-03"]}}, "not in 2027"),
        ({2027: {"holidays": ["2027-13-01"]}}, "not an ISO date"),
        ({2027: {"holidays": [datetime(2027, 1, 1)]}}, "not a date"),
        ({2027: {"holiday": ["2027-01-01"]}}, "unknown keys"),
        ({2027: ["2027-01-01"]}, "expected a mapping"),
        ({2027: {"holidays": "2027-01-01"}}, "list of dates"),
        ({"next": {"holidays": []}}, "year number"),
        ({2027: {}, "2027": {}}, "given twice"),
        (["2027"], "mapping by year"),
    ],
)
def test_invalid_overrides_are_rejected(mapping: object, message: str) -> None:
    calendar = WorkingDayCalendar({2027: {"holidays": ["2027-01-01"]}})
    with pytest.raises(ValueError, match=message) as raised:
        calendar.load_overrides(mapping)  # type: ignore[arg-type]
    assert isinstance(raised.value, CalendarOverrideError)
    assert not calendar.is_working_day(D("2027-01-01"))  # earlier override kept intact


def test_from_yaml_and_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "calendar.yaml"
    path.write_text(
        "2027:\n  holidays: [2027-01-01, '2027-02-08']\n  workdays: ['2027-02-06']\n",
        encoding="utf-8",
    )
    calendar = WorkingDayCalendar.from_yaml(path)
    assert calendar.override_years == (2027,)
    assert calendar.is_working_day(D("2027-02-06"))
    assert not calendar.is_working_day(D("2027-02-08"))
    schedule = parse_overrides({2027: {"holidays": [D("2027-01-01")], "workdays": []}})[2027]
    assert schedule == OverrideYear(2027, frozenset({D("2027-01-01")}), frozenset())
    assert parse_overrides({2027: schedule.as_mapping()})[2027] == schedule
    (tmp_path / "empty.yaml").write_text("", encoding="utf-8")
    assert WorkingDayCalendar.from_yaml(tmp_path / "empty.yaml").override_years == ()


def test_rejects_datetimes_and_negative_counts(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(TypeError):
        calendar.is_working_day(datetime(2025, 10, 1, 9, 0))
    with pytest.raises(ValueError, match="n must be"):
        calendar.add_working_days(D("2025-10-01"), -1)


@given(
    start=st.dates(min_value=date(2003, 1, 1), max_value=date(2028, 12, 31)),
    n=st.integers(min_value=0, max_value=600),
)
def test_deadline_is_the_first_day_reaching_n(start: date, n: int) -> None:
    calendar = _SHARED
    end = calendar.add_working_days(start, n).date
    assert calendar.working_days_between(start, end).count == n
    if n > 0:
        assert calendar.is_working_day(end)
        assert calendar.working_days_between(start, end - timedelta(days=1)).count == n - 1


@given(
    first=st.dates(min_value=date(2003, 6, 1), max_value=date(2027, 6, 30)),
    length=st.integers(min_value=-5, max_value=500),
)
def test_between_matches_a_day_by_day_count(first: date, length: int) -> None:
    calendar = _SHARED
    last = first + timedelta(days=length)
    days = (first + timedelta(days=i) for i in range(1, length + 1))
    expected = sum(1 for day in days if calendar.is_working_day(day))
    assert calendar.working_days_between(first, last).count == expected
