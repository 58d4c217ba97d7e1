"""Project registration, stages and monthly progress on the in-memory store."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from contracts.registry import ProgressReported, ProjectStageChanged
from registry.application import Registry
from registry.domain import ConflictingCommandError, Project, RegistryError
from registry.translation import translate
from servicekit.core.context import SYSTEM

Register = Callable[..., Project]


def last_contract_event(registry: Registry, project: Project, kind: type[Any]) -> Any:
    """The contract form of the project's last domain event of ``kind``."""
    events = [e for e in registry.events.get(project.id) if isinstance(e, kind)]
    return translate(events[-1])


def test_sector_routes_the_project_to_its_subcommand(register: Register) -> None:
    assert register(sector="transport").subcommand == "investment_transport"
    assert register(sector="water").subcommand == "ecology_education_agri_water"
    assert register(sector="health").subcommand == "livelihood"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"county": "atlantis"}, "county"),
        ({"county": "ndrc"}, "county"),
        ({"sector": "space"}, "sector"),
        ({"total_investment": Decimal("-0.0001")}, "total_investment"),
        ({"annual_planned_investment": Decimal("1.00001")}, "annual_planned_investment"),
        ({"planned_completion": date(2026, 2, 28)}, "planned_completion"),
        ({"year": 2028}, "year"),
    ],
)
def test_registration_refuses_bad_input_naming_the_field(
    register: Register, overrides: dict[str, object], field: str
) -> None:
    with pytest.raises(RegistryError) as refused:
        register(**overrides)
    assert refused.value.field == field


def test_new_project_starts_then_completes_then_operates(
    registry: Registry, register: Register
) -> None:
    project = register()
    registry.change_stage(SYSTEM, project.id, "started", date(2026, 3, 16))
    registry.change_stage(SYSTEM, project.id, "completed", date(2026, 10, 30))
    project = registry.change_stage(SYSTEM, project.id, "operating", date(2026, 11, 2))
    assert project.stage == "operating"
    assert project.stage_history[0] == ("started", date(2026, 3, 16))
    changed = last_contract_event(registry, project, Project.StageChanged)
    assert isinstance(changed, ProjectStageChanged)
    assert (changed.previous_stage, changed.stage, changed.county) == (
        "completed",
        "operating",
        "yaodu",
    )


@pytest.mark.parametrize(
    ("is_new", "steps", "why"),
    [
        (True, ["completed"], "不能从前期变为竣工"),
        (True, ["resumed"], "新开工项目尚未开工"),
        (False, ["started"], "续建项目应为复工"),
        (False, ["resumed", "resumed"], "不能从复工变为复工"),
        (True, ["started", "completed", "started"], "不能从竣工变为开工"),
    ],
)
def test_illegal_transitions_say_why(
    registry: Registry, register: Register, is_new: bool, steps: list[str], why: str
) -> None:
    project = register(is_new=is_new)
    *legal, illegal = steps
    for stage in legal:
        registry.change_stage(SYSTEM, project.id, stage, date(2026, 4, 1))
    with pytest.raises(ConflictingCommandError, match=why):
        registry.change_stage(SYSTEM, project.id, illegal, date(2026, 5, 1))


def test_stage_dates_may_not_go_backwards(registry: Registry, register: Register) -> None:
    project = register()
    registry.change_stage(SYSTEM, project.id, "started", date(2026, 4, 1))
    with pytest.raises(ConflictingCommandError, match="早于上一次阶段变更"):
        registry.change_stage(SYSTEM, project.id, "completed", date(2026, 3, 31))


def test_correction_replaces_the_month_and_keeps_the_history(
    registry: Registry, register: Register
) -> None:
    project = register()
    report = registry.report_progress
    report(
        SYSTEM,
        project.id,
        month="2026-03",
        investment_completed=Decimal("1234.5678"),
        physical_progress="基础开挖",
        photos=["oss://p/1.jpg"],
    )
    report(
        SYSTEM,
        project.id,
        month="2026-04",
        investment_completed=Decimal("100.0001"),
        physical_progress="主体施工",
        photos=[],
    )
    project = report(
        SYSTEM,
        project.id,
        month="2026-03",
        investment_completed=Decimal("1000.1234"),
        physical_progress="更正",
        photos=[],
    )
    assert project.cumulative_investment() == Decimal("1100.1235")
    assert [r.correction for r in project.reports] == [False, False, True]
    corrected = last_contract_event(registry, project, Project.ProgressReported)
    assert isinstance(corrected, ProgressReported)
    assert corrected.correction is True
    assert corrected.cumulative_investment == Decimal("1000.1234")
    assert corrected.model_dump(mode="json")["cumulative_investment"] == "1000.1234"


def test_year_to_date_restarts_in_january(registry: Registry, register: Register) -> None:
    project = register()
    for month, amount in [("2026-11", "10.5"), ("2026-12", "20.25"), ("2027-01", "3.0001")]:
        project = registry.report_progress(
            SYSTEM,
            project.id,
            month=month,
            investment_completed=Decimal(amount),
            physical_progress="",
            photos=[],
        )
    reported = last_contract_event(registry, project, Project.ProgressReported)
    assert isinstance(reported, ProgressReported)
    assert reported.year_to_date_investment == Decimal("3.0001")
    assert reported.cumulative_investment == Decimal("33.7501")


def test_negative_report_is_refused(registry: Registry, register: Register) -> None:
    project = register()
    with pytest.raises(RegistryError) as refused:
        registry.report_progress(
            SYSTEM,
            project.id,
            month="2026-03",
            investment_completed=Decimal("-1"),
            physical_progress="",
            photos=[],
        )
    assert refused.value.field == "investment_completed"


def test_visits_need_a_sponsor(registry: Registry, register: Register) -> None:
    project = register()
    with pytest.raises(ConflictingCommandError):
        registry.record_visit(
            SYSTEM,
            project.id,
            leader="leader-wang",
            on=date(2026, 5, 1),
            kind="site_survey",
            notes="",
        )
    registry.assign_sponsor(SYSTEM, project.id, "leader-wang", date(2026, 4, 1))
    with pytest.raises(ConflictingCommandError):
        registry.assign_sponsor(SYSTEM, project.id, "leader-wang", date(2026, 4, 2))
    project = registry.record_visit(
        SYSTEM,
        project.id,
        leader="leader-wang",
        on=date(2026, 5, 1),
        kind="onsite_office",
        notes="现场办公",
    )
    assert project.visits == [("leader-wang", date(2026, 5, 1), "onsite_office", "现场办公")]
