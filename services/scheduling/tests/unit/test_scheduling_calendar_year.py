"""Generating a year's calendar: counts, working days, chairs, idempotency."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import date

import pytest
from eventsourcing.application import AggregateNotFoundError

from contracts.base import EventData
from contracts.registry import OrgChanged, OrgUnitRegistered
from scheduling.application import Scheduling
from scheduling.domain import Meeting, SchedulingError, YearCalendar
from servicekit.calendar import WorkingDayCalendar
from servicekit.core.context import SYSTEM
from servicekit.eventstore.environment import build_env

Feed = Callable[[EventData], None]


def _meetings(app: Scheduling) -> list[Meeting]:
    found: list[Meeting] = []
    for n in app.recorder.select_notifications(0, 10_000):
        if n.topic.endswith("Meeting.Scheduled"):
            scheduled = app.mapper.to_domain_event(n)
            assert isinstance(scheduled, Meeting.Scheduled)
            found.append(app.meeting(scheduled.meeting_id))
    return found


def test_2025_has_4_6_72_216_meetings_all_on_working_days(app: Scheduling) -> None:
    counts, created = app.generate_year(SYSTEM, 2025)
    assert counts == {"plenary": 4, "dispatch": 6, "topical": 72, "county": 216}
    assert created == 298
    meetings = _meetings(app)
    assert Counter(m.series for m in meetings) == counts
    calendar = WorkingDayCalendar()
    assert all(calendar.is_working_day(m.date) for m in meetings)
    assert {m.date for m in meetings if m.series == "plenary"} == {
        date(2025, 1, 7),
        date(2025, 4, 8),
        date(2025, 7, 8),
        date(2025, 10, 14),
    }


def test_generating_twice_adds_nothing(app: Scheduling) -> None:
    app.generate_year(SYSTEM, 2025)
    before = app.max_notification_id()
    counts, created = app.generate_year(SYSTEM, 2025)
    assert created == 0
    assert sum(counts.values()) == 298
    assert app.max_notification_id() == before


def test_chairs_follow_the_notice_and_the_organisation_on_the_date(app: Scheduling) -> None:
    app.generate_year(SYSTEM, 2025)
    by_id = {m.meeting_id: m for m in _meetings(app)}
    assert by_id["plenary.2025-01"].chair.startswith("王延峰")
    assert "王渊" in by_id["dispatch.2025-06"].chair
    assert "李艳萍" in by_id["dispatch.2025-06"].chair
    assert by_id["topical.investment_transport.2025-06"].chair == "胡晓刚"
    assert by_id["county.yaodu.2025-06"].chair == "尧都区党政主要负责人"


def test_a_commander_change_applies_from_its_date(app: Scheduling, feed: Feed) -> None:
    feed(
        OrgChanged(
            unit_id="investment_transport",
            change="commander_assigned",
            value="张三",
            effective_on=date(2025, 7, 1),
            reason="分工调整",
        )
    )
    app.generate_year(SYSTEM, 2025)
    assert app.meeting("topical.investment_transport.2025-06").chair == "胡晓刚"
    assert app.meeting("topical.investment_transport.2025-07").chair == "张三"


def test_no_calendar_before_the_organisation_is_known() -> None:
    empty = Scheduling(env=build_env(None))
    with pytest.raises(SchedulingError):
        empty.generate_year(SYSTEM, 2025)
    with pytest.raises(AggregateNotFoundError):
        empty.repository.get(YearCalendar.create_id(2025))


def test_a_unit_learned_later_is_added_by_generating_again(app: Scheduling, feed: Feed) -> None:
    app.generate_year(SYSTEM, 2025)
    feed(
        OrgUnitRegistered(
            unit_id="newzone", kind="county", name="新区", effective_on=date(2025, 1, 1)
        )
    )
    counts, created = app.generate_year(SYSTEM, 2025)
    assert created == 12
    assert counts["county"] == 228
    assert app.meeting("county.newzone.2025-03").county == "newzone"
