"""The fast-track approval clock over the statutory calendar (holidays and 调休 days)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from contracts.registry import ApprovalSlaAtRisk, ApprovalSlaBreached, ApprovalStepRecorded
from registry.application import Registry
from registry.domain import ConflictingCommandError, Project, RegistryError
from registry.translation import translate
from servicekit.core.context import SYSTEM

Register = Callable[..., Project]


def contract_events(registry: Registry, project: Project) -> list[object]:
    return [translate(e) for e in registry.events.get(project.id)]


def test_national_day_span_counts_ten_working_days(registry: Registry, register: Register) -> None:
    # 09-28 and 10-11 are make-up working days; 10-01..10-08 are holidays.
    project = register()
    report = registry.record_approval_step(
        SYSTEM,
        project.id,
        step="project_code",
        submitted_on=date(2025, 9, 26),
        granted_on=date(2025, 10, 16),
    )
    assert (report.working_days_used, report.limit, report.remaining) == (10, 20, 10)
    assert report.status == "on_track"
    assert report.calendar_source == "statutory"
    recorded = [
        e for e in contract_events(registry, project) if isinstance(e, ApprovalStepRecorded)
    ]
    assert recorded[-1].working_days_used == 10
    assert recorded[-1].limit == 20


def test_a_make_up_sunday_counts_and_the_start_day_does_not(
    registry: Registry, register: Register
) -> None:
    project = register()
    report = registry.record_approval_step(
        SYSTEM,
        project.id,
        step="project_code",
        submitted_on=date(2025, 9, 26),
        granted_on=date(2025, 9, 28),
    )
    assert report.working_days_used == 1


def test_steps_add_up_and_spring_festival_is_skipped(
    registry: Registry, register: Register
) -> None:
    project = register()
    registry.record_approval_step(
        SYSTEM,
        project.id,
        step="project_code",
        submitted_on=date(2025, 9, 26),
        granted_on=date(2025, 10, 16),
    )
    # 2026-02-13 (Fri) → 2026-02-28 (make-up Saturday): 02-14 worked, 02-15..02-23 off.
    report = registry.record_approval_step(
        SYSTEM,
        project.id,
        step="construction_permit",
        submitted_on=date(2026, 2, 13),
        granted_on=date(2026, 2, 28),
    )
    assert [s.working_days_used for s in report.steps] == [10, 6]
    assert report.working_days_used == 16
    assert report.status == "at_risk"
    flags = [e for e in contract_events(registry, project) if isinstance(e, ApprovalSlaAtRisk)]
    assert len(flags) == 1
    assert (flags[0].working_days_used, flags[0].as_of) == (16, date(2026, 2, 28))


def test_past_the_limit_is_breached_once(registry: Registry, register: Register) -> None:
    project = register()
    report = registry.record_approval_step(
        SYSTEM,
        project.id,
        step="project_code",
        submitted_on=date(2025, 9, 26),
        granted_on=date(2025, 11, 3),
    )
    assert report.working_days_used == 22
    assert report.status == "breached"
    events = contract_events(registry, project)
    assert sum(isinstance(e, ApprovalSlaAtRisk) for e in events) == 1
    assert sum(isinstance(e, ApprovalSlaBreached) for e in events) == 1
    registry.sweep(SYSTEM, date(2025, 11, 20))
    assert sum(isinstance(e, ApprovalSlaBreached) for e in contract_events(registry, project)) == 1


def test_a_hearing_stops_the_clock(registry: Registry, register: Register) -> None:
    project = register()
    registry.record_approval_step(
        SYSTEM,
        project.id,
        step="construction_permit",
        submitted_on=date(2025, 9, 26),
        granted_on=None,
    )
    registry.suspend_approval(
        SYSTEM, project.id, step="construction_permit", kind="hearing", on=date(2025, 9, 30)
    )
    with pytest.raises(ConflictingCommandError, match="中止"):
        registry.record_approval_step(
            SYSTEM,
            project.id,
            step="construction_permit",
            submitted_on=date(2025, 9, 26),
            granted_on=date(2025, 10, 20),
        )
    registry.resume_approval(SYSTEM, project.id, step="construction_permit", on=date(2025, 10, 13))
    report = registry.record_approval_step(
        SYSTEM,
        project.id,
        step="construction_permit",
        submitted_on=date(2025, 9, 26),
        granted_on=date(2025, 10, 16),
    )
    # 10 working days in the span, less 09-30 → 10-13 (10-09, 10-10, 10-11, 10-13).
    assert report.working_days_used == 6


def test_pending_step_runs_until_the_sweep_date(registry: Registry, register: Register) -> None:
    project = register()
    # The fixture's today is 2026-11-25: three working days after Friday 11-20.
    report = registry.record_approval_step(
        SYSTEM,
        project.id,
        step="project_code",
        submitted_on=date(2026, 11, 20),
        granted_on=None,
    )
    assert (report.working_days_used, report.status) == (3, "on_track")
    project = registry.get_project(project.id)
    assert registry.approval_report(project, date(2026, 11, 20)).working_days_used == 0
    first = registry.sweep(SYSTEM, date(2026, 12, 17))
    again = registry.sweep(SYSTEM, date(2026, 12, 17))
    later = registry.sweep(SYSTEM, date(2026, 12, 21))
    assert (first.sla_flags_raised, again.sla_flags_raised, later.sla_flags_raised) == (1, 0, 1)
    events = contract_events(registry, project)
    breached = [e for e in events if isinstance(e, ApprovalSlaBreached)]
    assert [(b.working_days_used, b.as_of) for b in breached] == [(21, date(2026, 12, 21))]


def test_2026_national_day_with_a_make_up_saturday(registry: Registry, register: Register) -> None:
    project = register()
    report = registry.record_approval_step(
        SYSTEM,
        project.id,
        step="project_code",
        submitted_on=date(2026, 9, 25),
        granted_on=date(2026, 10, 16),
    )
    assert report.working_days_used == 11


@pytest.mark.parametrize(
    ("step", "submitted", "granted", "field"),
    [
        ("teleport", date(2025, 9, 26), None, "step"),
        ("project_code", date(2025, 9, 26), date(2025, 9, 25), "granted_on"),
    ],
)
def test_bad_steps_are_refused(
    registry: Registry,
    register: Register,
    step: str,
    submitted: date,
    granted: date | None,
    field: str,
) -> None:
    project = register()
    with pytest.raises(RegistryError) as refused:
        registry.record_approval_step(
            SYSTEM, project.id, step=step, submitted_on=submitted, granted_on=granted
        )
    assert refused.value.field == field


def test_a_granted_step_cannot_be_recorded_again(registry: Registry, register: Register) -> None:
    project = register()
    step = {
        "step": "project_code",
        "submitted_on": date(2025, 9, 26),
        "granted_on": date(2025, 10, 16),
    }
    registry.record_approval_step(SYSTEM, project.id, **step)  # type: ignore[arg-type]
    with pytest.raises(ConflictingCommandError, match="已办结"):
        registry.record_approval_step(SYSTEM, project.id, **step)  # type: ignore[arg-type]
