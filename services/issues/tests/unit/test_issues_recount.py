"""Provisional deadlines: counted Monday–Friday through a year without a holiday
schedule, then counted again from the same basis when the schedule arrives."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from contracts import issues as contract
from issues.application import Issues
from issues.domain import IllegalTransitionError, Issue
from issues.translation import make_translator
from servicekit.calendar import WorkingDayCalendar, statutory_years
from servicekit.core.clock import FixedClock
from servicekit.core.context import SYSTEM
from servicekit.eventstore.environment import build_env
from services.issues.tests.unit.issues_support import (
    PROJECT_ID,
    UNIT,
    acting,
    knowing_the_project,
)

# The first year chinese_calendar does not know (2027 when written): ten working days
# from 28 December of the year before run into its January, across New Year's Day.
YEAR = statutory_years()[-1] + 1
RAISED_ON = date(YEAR - 1, 12, 28)
NEW_YEAR = date(YEAR, 1, 1)


@pytest.fixture
def overrides(tmp_path: Path) -> Path:
    path = tmp_path / "calendar-overrides.yaml"
    path.write_text("# no year loaded yet\n", encoding="utf-8")
    return path


@pytest.fixture
def app(overrides: Path) -> Issues:
    return knowing_the_project(
        Issues(
            env=build_env(None),
            clock=FixedClock(datetime(YEAR - 1, 12, 28, 2, 0, tzinfo=UTC)),
            calendar=WorkingDayCalendar.configured(overrides),
        )
    )


def raise_late(app: Issues) -> Issue:
    issue = app.raise_issue(
        UNIT,
        project_id=PROJECT_ID,
        category="land",
        title="用地手续未批",
        description="供地手续办理滞后",
        raised_by="project_unit",
        raised_on=RAISED_ON,
    )
    app.save(issue)
    return issue


def load_new_year_holiday(path: Path, *extra: date) -> None:
    holidays = ", ".join(day.isoformat() for day in (NEW_YEAR, *extra))
    path.write_text(f"{YEAR}:\n  holidays: [{holidays}]\n  workdays: []\n", encoding="utf-8")


def test_a_deadline_through_an_unknown_year_records_its_basis(app: Issues) -> None:
    issue = raise_late(app)
    basis = issue.deadline_basis
    assert basis is not None
    assert (basis.counted_from, basis.fallback_years, basis.on) == (
        RAISED_ON,
        (YEAR,),
        issue.deadline,
    )
    assert app.calendar.add_working_days(RAISED_ON, basis.working_days).date == issue.deadline


def test_the_sweep_recounts_once_the_schedule_arrives_and_only_then(
    app: Issues, overrides: Path
) -> None:
    issue = raise_late(app)
    guessed = issue.deadline
    assert app.sweep(SYSTEM, RAISED_ON).recomputed == []  # nothing new to count with
    load_new_year_holiday(overrides)
    report = app.sweep(SYSTEM, RAISED_ON)
    recounted = app.get_issue(issue.id)
    # New Year's Day is no longer counted: the deadline moves one working day later.
    assert recounted.deadline == app.calendar.add_working_days(guessed, 1).date
    assert report.recomputed == [
        {
            "issue_id": str(issue.id),
            "previous_deadline": guessed.isoformat(),
            "deadline": recounted.deadline.isoformat(),
        }
    ]
    assert recounted.deadline_basis is not None
    assert recounted.deadline_basis.fallback_years == ()
    assert app.sweep(SYSTEM, RAISED_ON).recomputed == []  # idempotent


def test_no_issue_escalates_on_a_date_that_was_only_a_guess(app: Issues, overrides: Path) -> None:
    guessed = raise_late(app).deadline
    load_new_year_holiday(overrides)
    day_after_guess = app.calendar.add_working_days(guessed, 1).date
    report = app.sweep(SYSTEM, day_after_guess)
    assert len(report.recomputed) == 1
    assert report.escalated == []  # due on day_after_guess itself, so not yet late
    assert (
        len(app.sweep(SYSTEM, app.calendar.add_working_days(day_after_guess, 1).date).escalated)
        == 1
    )


def test_the_recount_is_published_with_the_old_and_new_date(app: Issues, overrides: Path) -> None:
    issue = raise_late(app)
    load_new_year_holiday(overrides)
    app.sweep(SYSTEM, RAISED_ON)
    translate = make_translator(app)
    published = [translate(e) for e in app.events.get(issue.id)]
    recomputed = [e for e in published if isinstance(e, contract.IssueDeadlineRecomputed)]
    assert len(recomputed) == 1
    assert recomputed[0].previous_deadline == issue.deadline
    assert recomputed[0].deadline == app.get_issue(issue.id).deadline
    assert (recomputed[0].provisional, recomputed[0].county) == (False, "yaodu")


def test_an_extension_counts_on_from_the_same_basis(app: Issues, overrides: Path) -> None:
    issue = raise_late(app)
    basis = issue.deadline_basis
    assert basis is not None
    level_above = acting("department", "natural_resources")
    extended = app.ask_extension(level_above, issue.id, working_days=5, reason="协调", on=RAISED_ON)
    assert extended.deadline_basis is not None
    assert extended.deadline_basis.working_days == basis.working_days + 5
    assert extended.deadline == app.calendar.add_working_days(issue.deadline, 5).date
    load_new_year_holiday(overrides)
    app.sweep(SYSTEM, RAISED_ON)
    total = basis.working_days + 5
    assert app.get_issue(issue.id).deadline == app.calendar.add_working_days(RAISED_ON, total).date


def test_an_unchanged_or_broken_override_file_changes_nothing(app: Issues, overrides: Path) -> None:
    issue = raise_late(app)
    overrides.write_text(f"{YEAR}: [not, a, schedule\n", encoding="utf-8")
    assert app.sweep(SYSTEM, RAISED_ON).recomputed == []
    assert app.get_issue(issue.id).deadline == issue.deadline


def test_events_stored_before_the_basis_was_recorded_are_left_as_they_are(app: Issues) -> None:
    """A v1 Raised as it was stored (no class_version, no basis) decodes through the
    service's own mapper to an issue without a basis, which the sweep leaves alone."""
    raise_late(app)
    stored = app.recorder.select_events(raise_late(app).id)[0]  # type: ignore[attr-defined]
    state = json.loads(stored.state)
    for key in ("class_version", "counted_from", "counted_days", "fallback_years"):
        del state[key]
    v1 = dataclasses.replace(stored, state=json.dumps(state).encode())
    raised = app.mapper.to_domain_event(v1)
    assert isinstance(raised, Issue.Raised)
    issue = raised.mutate(None)
    assert isinstance(issue, Issue)
    assert (issue.deadline, issue.deadline_basis) == (raised.deadline, None)


def test_a_deadline_without_a_basis_cannot_be_recounted(app: Issues) -> None:
    issue = raise_late(app)
    issue.deadline_basis = None  # as an issue raised before v2 events replays
    with pytest.raises(IllegalTransitionError):
        issue.recompute_deadline(app.count_deadline(RAISED_ON, 10), RAISED_ON)
