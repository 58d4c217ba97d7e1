"""County meeting reports and the sweep; tour visit allocation by largest remainder."""

from __future__ import annotations

from datetime import date
from fractions import Fraction

import pytest

from scheduling.application import Scheduling
from scheduling.domain import InvalidCommandError, allocate_visits
from servicekit.core.context import SYSTEM


def test_report_deadline_is_five_working_days_after_month_end(app: Scheduling) -> None:
    # 2025-09-30, then National Day 10-01..08: 10-09, 10-10, 10-11 (make-up Saturday),
    # 10-13, 10-14.
    assert app.report_deadline("2025-09") == date(2025, 10, 14)
    # 2025-05-31 is a Saturday and 06-02 the Dragon Boat holiday: 06-03..06, 06-09.
    assert app.report_deadline("2025-05") == date(2025, 6, 9)


def test_sweep_flags_unreported_counties_once(app: Scheduling) -> None:
    app.generate_year(SYSTEM, 2025)
    app.file_county_report(
        SYSTEM, county="yaodu", month="2025-05", held_on=date(2025, 5, 27), summary="已召开"
    )
    early = app.sweep(SYSTEM, date(2025, 6, 9))  # May's deadline day itself is in time
    assert len(early) == 18 * 4  # January to April, every county
    assert {f["month"] for f in early} == {"2025-01", "2025-02", "2025-03", "2025-04"}
    flagged = app.sweep(SYSTEM, date(2025, 6, 10))
    assert {f["county"] for f in flagged} == {f["county"] for f in early} - {"yaodu"}
    assert {f["month"] for f in flagged} == {"2025-05"}
    assert app.sweep(SYSTEM, date(2025, 6, 10)) == []


def test_a_report_must_fall_in_its_month_and_name_a_county(app: Scheduling) -> None:
    with pytest.raises(InvalidCommandError) as wrong_month:
        app.file_county_report(
            SYSTEM, county="yaodu", month="2025-05", held_on=date(2025, 6, 2), summary=""
        )
    assert wrong_month.value.field == "held_on"
    with pytest.raises(InvalidCommandError):
        app.file_county_report(
            SYSTEM,
            county="natural_resources",
            month="2025-05",
            held_on=date(2025, 5, 2),
            summary="",
        )


def test_largest_remainder_shares_slots_and_counties_without_quality_get_none() -> None:
    shares = {s.county: s for s in allocate_visits(10, {"a": 5, "b": 3, "c": 1, "d": 0})}
    # quotas 50/9 = 5.56, 30/9 = 3.33, 10/9 = 1.11 → 5+3+1 = 9, one left to a (.56)
    assert shares["a"].quota == Fraction(50, 9)
    assert {c: s.visits for c, s in shares.items()} == {"a": 6, "b": 3, "c": 1, "d": 0}
    assert sum(s.visits for s in shares.values()) == 10


def test_no_quality_project_anywhere_means_no_visit() -> None:
    assert all(s.visits == 0 for s in allocate_visits(5, {"a": 0, "b": 0}))


def test_a_tour_is_planned_again_only_when_its_inputs_change(app: Scheduling) -> None:
    tour = app.plan_tour(SYSTEM, year=2025, half="h1", slots=4, quality={"yaodu": 3, "houma": 1})
    assert tour.allocation == {"yaodu": 3, "houma": 1}
    version = tour.version
    again = app.plan_tour(SYSTEM, year=2025, half="h1", slots=4, quality={"yaodu": 3, "houma": 1})
    assert again.version == version
