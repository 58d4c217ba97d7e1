"""refresh(): the office's override file re-read when it changes, without a restart."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pytest

from servicekit.calendar import WorkingDayCalendar, statutory_years

YEAR = statutory_years()[-1] + 1
NEW_YEAR = dt.date(YEAR, 1, 1)


def schedule(path: Path, *holidays: dt.date) -> None:
    days = ", ".join(day.isoformat() for day in holidays)
    path.write_text(f"{YEAR}:\n  holidays: [{days}]\n  workdays: []\n", encoding="utf-8")


def bump_mtime(path: Path) -> None:
    # Same size and a coarse file-system clock could hide a rewrite; make it visible.
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns + 1_000_000_000))


def test_a_calendar_without_a_file_has_nothing_to_refresh() -> None:
    assert WorkingDayCalendar().refresh() == ()


def test_an_unchanged_file_is_not_read_again(tmp_path: Path) -> None:
    path = tmp_path / "overrides.yaml"
    schedule(path, NEW_YEAR)
    calendar = WorkingDayCalendar.from_yaml(path)
    assert calendar.refresh() == ()
    assert calendar.source_for_year(YEAR) == "override"


def test_a_year_added_altered_or_removed_is_named_and_counted_anew(tmp_path: Path) -> None:
    path = tmp_path / "overrides.yaml"
    path.write_text("", encoding="utf-8")
    calendar = WorkingDayCalendar.configured(path)
    assert calendar.source_for_year(YEAR) == "fallback"
    assert calendar.is_working_day(NEW_YEAR)

    schedule(path, NEW_YEAR)
    assert calendar.refresh() == (YEAR,)
    assert calendar.source_for_year(YEAR) == "override"
    assert not calendar.is_working_day(NEW_YEAR)

    second = NEW_YEAR + dt.timedelta(days=3)
    schedule(path, NEW_YEAR, second)
    assert calendar.refresh() == (YEAR,)
    assert not calendar.is_working_day(second)

    path.write_text("", encoding="utf-8")
    bump_mtime(path)
    assert calendar.refresh() == (YEAR,)
    assert calendar.source_for_year(YEAR) == "fallback"


def test_a_broken_file_keeps_the_schedule_already_loaded(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "overrides.yaml"
    schedule(path, NEW_YEAR)
    calendar = WorkingDayCalendar.from_yaml(path)
    path.write_text(f"{YEAR}: [not, closed\n", encoding="utf-8")
    with caplog.at_level(logging.ERROR, logger="kpd.calendar"):
        assert calendar.refresh() == ()
    assert "not reloaded" in caplog.text
    assert calendar.source_for_year(YEAR) == "override"
    path.unlink()
    assert calendar.refresh() == ()
    assert not calendar.is_working_day(NEW_YEAR)
