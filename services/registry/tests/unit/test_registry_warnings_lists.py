"""Monthly warnings (红黄绿灯), the year list, and issues seen from the issues service."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from contracts.registry import KeyListChanged, KeyListConfirmed, ProjectWarningChanged
from registry.application import Registry
from registry.domain import ConflictingCommandError, KeyList, Project, RegistryError
from registry.policy import RegistryPolicy
from registry.translation import translate
from servicekit.core.context import SYSTEM
from servicekit.policy import PolicyError, policy_path

Register = Callable[..., Project]


def lights(registry: Registry, project: Project, month: str) -> tuple[str, str, str]:
    warning = registry.warning_for(registry.get_project(project.id), month)
    return warning.start_light, warning.investment_light, warning.overall


def test_start_light_goes_yellow_then_red_after_three_months(
    registry: Registry, register: Register
) -> None:
    project = register(planned_start=date(2026, 3, 1), annual_planned_investment=Decimal(0))
    assert lights(registry, project, "2026-02")[0] == "green"
    assert lights(registry, project, "2026-03")[0] == "yellow"
    assert lights(registry, project, "2026-04")[0] == "yellow"
    assert lights(registry, project, "2026-05")[0] == "red"
    registry.change_stage(SYSTEM, project.id, "started", date(2026, 5, 20))
    assert lights(registry, project, "2026-04")[0] == "yellow"  # as it stood at April's end
    assert lights(registry, project, "2026-05")[0] == "green"


@pytest.mark.parametrize(
    ("year_to_date", "expected"),
    [
        # June: 序时 50 %; annual plan 1200 → behind = 50 − ytd/12.
        ("600.0000", "green"),
        ("481.0000", "green"),  # 9.92 points behind
        ("480.0000", "yellow"),  # exactly 10 points behind: the band includes its edges
        ("360.0000", "yellow"),  # 30 % → 20 points behind
        ("240.0000", "yellow"),  # 20 % → exactly 30 points behind
        ("239.9999", "red"),
    ],
)
def test_investment_light_against_time_elapsed(
    registry: Registry, register: Register, year_to_date: str, expected: str
) -> None:
    project = register()
    registry.report_progress(
        SYSTEM,
        project.id,
        month="2026-06",
        investment_completed=Decimal(year_to_date),
        physical_progress="",
        photos=[],
    )
    assert lights(registry, project, "2026-06")[1] == expected


def test_warning_change_is_recorded_once_per_change(registry: Registry, register: Register) -> None:
    project = register(planned_start=date(2026, 3, 1))
    registry.sweep(SYSTEM, date(2026, 5, 10))
    again = registry.sweep(SYSTEM, date(2026, 5, 10))
    assert again.warnings_changed == 0
    changes = [
        translate(e)
        for e in registry.events.get(project.id)
        if isinstance(e, Project.WarningChanged)
    ]
    assert len(changes) == 1
    change = changes[0]
    assert isinstance(change, ProjectWarningChanged)
    assert (change.month, change.start_light, change.investment_light, change.overall) == (
        "2026-05",
        "red",
        "red",
        "red",
    )
    assert change.subcommand == "investment_transport"


def test_year_list_is_drafted_confirmed_then_changed_only_by_events(
    registry: Registry, register: Register
) -> None:
    first, second, third = register(), register(name="二号"), register(name="三号")
    registry.draft_key_list(SYSTEM, 2026, [str(first.id)], date(2026, 1, 10))
    registry.draft_key_list(SYSTEM, 2026, [str(first.id), str(second.id)], date(2026, 1, 12))
    confirmed = registry.confirm_key_list(SYSTEM, 2026, date(2026, 1, 20))
    assert confirmed.status == "confirmed"
    with pytest.raises(ConflictingCommandError):
        registry.draft_key_list(SYSTEM, 2026, [str(third.id)], date(2026, 2, 1))
    with pytest.raises(ConflictingCommandError):
        registry.confirm_key_list(SYSTEM, 2026, date(2026, 2, 1))
    registry.change_key_list(
        SYSTEM,
        2026,
        project_id=str(third.id),
        change="added",
        reason="总指挥部会议增补",
        on=date(2026, 4, 1),
    )
    found = registry.change_key_list(
        SYSTEM,
        2026,
        project_id=str(first.id),
        change="removed",
        reason="项目终止",
        on=date(2026, 5, 1),
    )
    assert found.project_ids == [str(second.id), str(third.id)]
    events = [translate(e) for e in registry.events.get(KeyList.create_id(2026))]
    assert events[:2] == [None, None]  # drafts stay inside the registry
    assert isinstance(events[2], KeyListConfirmed)
    assert events[2].project_ids == [str(first.id), str(second.id)]
    assert [e.change for e in events[3:] if isinstance(e, KeyListChanged)] == ["added", "removed"]


def test_year_list_refuses_projects_of_another_year(registry: Registry, register: Register) -> None:
    other = register(year=2025)
    with pytest.raises(RegistryError) as refused:
        registry.draft_key_list(SYSTEM, 2026, [str(other.id)], date(2026, 1, 10))
    assert refused.value.field == "project_ids.0"


def test_issue_watch_follows_escalation_and_closure(registry: Registry) -> None:
    raised = registry.observe_issue(
        SYSTEM, issue_id="i-1", project_id="p-1", level="county", open=True
    )
    assert raised is not None
    assert not raised.at_city_level
    registry.save(raised)
    escalated = registry.observe_issue(
        SYSTEM, issue_id="i-1", project_id=None, level="hq", open=True
    )
    assert escalated is not None
    assert escalated.at_city_level
    registry.save(escalated)
    closed = registry.observe_issue(SYSTEM, issue_id="i-1", project_id=None, level=None, open=False)
    assert closed is not None
    assert not closed.at_city_level
    assert (
        registry.observe_issue(SYSTEM, issue_id="i-2", project_id=None, level="hq", open=True)
        is None
    )


def test_a_bad_policy_file_names_the_key(tmp_path: Path) -> None:
    good = policy_path().read_text(encoding="utf-8")
    bad = tmp_path / "policy.yaml"
    bad.write_text(good.replace("approval_sla_working_days: 20", "approval_sla_working_days: -5"))
    with pytest.raises(PolicyError, match=r"registry\.approval_sla_working_days"):
        RegistryPolicy.load(bad)
    bad.write_text(good.replace('investment_red_behind_pp: "30"', 'investment_red_behind_pp: "5"'))
    with pytest.raises(PolicyError, match="investment_yellow_behind_pp must not exceed"):
        RegistryPolicy.load(bad)
