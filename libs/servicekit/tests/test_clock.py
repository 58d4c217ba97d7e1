from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from servicekit.core.clock import BUSINESS_TZ, Clock, FixedClock, SystemClock, business_date


def test_business_tz_is_utc_plus_eight() -> None:
    instant = datetime(2025, 7, 1, tzinfo=UTC).astimezone(BUSINESS_TZ)
    assert instant.utcoffset() == timedelta(hours=8)


def test_fixed_clock_rejects_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        FixedClock(datetime(2025, 10, 1, 9, 0))


def test_fixed_clock_set_rejects_naive_datetime() -> None:
    clock = FixedClock(datetime(2025, 10, 1, tzinfo=UTC))
    with pytest.raises(ValueError, match="naive"):
        clock.set(datetime(2025, 10, 2))
    assert clock.now() == datetime(2025, 10, 1, tzinfo=UTC)


def test_fixed_clock_now_is_normalised_to_utc() -> None:
    clock = FixedClock(datetime(2025, 10, 1, 8, 0, tzinfo=BUSINESS_TZ))
    now = clock.now()
    assert now == datetime(2025, 10, 1, 0, 0, tzinfo=UTC)
    assert now.utcoffset() == timedelta(0)


def test_today_is_the_shanghai_date_not_the_utc_date() -> None:
    # 16:30 UTC on 30 September is 00:30 on 1 October in Shanghai.
    clock = FixedClock(datetime(2025, 9, 30, 16, 30, tzinfo=UTC))
    assert clock.today() == date(2025, 10, 1)
    clock.set(datetime(2025, 9, 30, 15, 59, tzinfo=UTC))
    assert clock.today() == date(2025, 9, 30)


def test_advance_moves_time_and_business_date() -> None:
    clock = FixedClock(datetime(2025, 12, 31, 23, 59, tzinfo=BUSINESS_TZ))
    assert clock.today() == date(2025, 12, 31)
    clock.advance(timedelta(minutes=1))
    assert clock.today() == date(2026, 1, 1)
    assert clock.now() == datetime(2025, 12, 31, 16, 0, tzinfo=UTC)
    clock.advance(timedelta(days=-1))
    assert clock.today() == date(2025, 12, 31)


def test_set_accepts_any_aware_offset() -> None:
    clock = FixedClock(datetime(2025, 1, 1, tzinfo=UTC))
    clock.set(datetime(2025, 3, 1, 12, 0, tzinfo=timezone(timedelta(hours=-5))))
    assert clock.now() == datetime(2025, 3, 1, 17, 0, tzinfo=UTC)
    assert clock.today() == date(2025, 3, 2)


def test_system_clock_is_aware_utc_and_current() -> None:
    clock = SystemClock()
    before = datetime.now(UTC)
    now = clock.now()
    today = clock.today()
    after = datetime.now(UTC)
    assert now.utcoffset() == timedelta(0)
    assert before <= now <= after
    assert today in {business_date(before), business_date(after)}


def test_both_clocks_satisfy_the_protocol() -> None:
    assert isinstance(SystemClock(), Clock)
    assert isinstance(FixedClock(datetime(2025, 1, 1, tzinfo=UTC)), Clock)


def test_business_date_rejects_naive() -> None:
    with pytest.raises(ValueError, match="naive"):
        business_date(datetime(2025, 1, 1))
