"""The cadence over the statutory calendar: working weeks, holidays and make-up days."""

from __future__ import annotations

from datetime import date

from scheduling.domain import meeting_slot, working_weeks
from servicekit.calendar import WorkingDayCalendar

CALENDAR = WorkingDayCalendar()
TUESDAY = 2


def test_a_week_of_holidays_is_not_a_working_week() -> None:
    # 2025-09-29..10-05: no October working day (National Day), so week 1 starts 10-06.
    assert working_weeks(CALENDAR, 2025, 10)[:2] == [date(2025, 10, 6), date(2025, 10, 13)]
    assert meeting_slot(CALENDAR, 2025, 10, 2, TUESDAY) == date(2025, 10, 14)


def test_a_slot_on_a_holiday_moves_to_the_next_working_day() -> None:
    # Tuesday 2025-10-07 is a National Day holiday; 10-08 too; 10-09 is worked.
    assert not CALENDAR.is_working_day(date(2025, 10, 7))
    assert meeting_slot(CALENDAR, 2025, 10, 1, TUESDAY) == date(2025, 10, 9)


def test_a_make_up_sunday_makes_a_working_week_and_can_hold_the_meeting() -> None:
    # 2026-01-01..03 are holidays, Sunday 01-04 is a make-up working day: the week of
    # 12-29 holds one January working day, so it is January's first working week and
    # the slot (before the 1st, then holidays) lands on that Sunday.
    assert CALENDAR.is_working_day(date(2026, 1, 4))
    assert working_weeks(CALENDAR, 2026, 1)[0] == date(2025, 12, 29)
    assert meeting_slot(CALENDAR, 2026, 1, 1, TUESDAY) == date(2026, 1, 4)
    assert meeting_slot(CALENDAR, 2026, 1, 2, TUESDAY) == date(2026, 1, 6)


def test_spring_festival_shifts_the_weeks_of_february() -> None:
    # 2025-01-28..02-04 off; Saturday 02-08 is worked: week 1 of February is 02-03.
    assert working_weeks(CALENDAR, 2025, 2)[0] == date(2025, 2, 3)
    assert meeting_slot(CALENDAR, 2025, 2, 2, TUESDAY) == date(2025, 2, 11)


def test_a_month_short_of_weeks_takes_its_last_working_week() -> None:
    # February 2026: the week of 02-16 is all Spring Festival; only three working weeks.
    weeks = working_weeks(CALENDAR, 2026, 2)
    assert len(weeks) == 3
    assert meeting_slot(CALENDAR, 2026, 2, 4, TUESDAY) == meeting_slot(
        CALENDAR, 2026, 2, 3, TUESDAY
    )


def test_override_calendar_holiday_on_the_slot_moves_it() -> None:
    calendar = WorkingDayCalendar(
        {2099: {"holidays": ["2099-03-10", "2099-03-11"], "workdays": ["2099-03-14"]}}
    )
    # 2099-03-10 is a Tuesday made a holiday; Wednesday too; the slot moves to Thursday.
    assert date(2099, 3, 10).isoweekday() == TUESDAY
    assert meeting_slot(calendar, 2099, 3, 2, TUESDAY) == date(2099, 3, 12)
