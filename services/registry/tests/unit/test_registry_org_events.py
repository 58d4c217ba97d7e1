"""Organisation as events: the seed, and dated changes answering "who, on date D"."""

from __future__ import annotations

from datetime import date

import pytest

from registry.application import Registry
from registry.domain import ConflictingCommandError, RegistryError
from registry.translation import translate
from servicekit.core.context import SYSTEM


def test_seed_registers_counties_subcommands_and_hq_roles(registry: Registry) -> None:
    counties = registry.org_units("counties")
    assert len(counties) == 18
    assert counties[0].name == "尧都区"
    assert counties[-1].unit_id == "devzone"
    subcommands = registry.org_units("subcommands")
    assert [s.commander_on(date(2025, 1, 1)) for s in subcommands][:2] == ["王渊", "张希亮"]
    hq = registry.org_unit("hq")
    assert hq.kind == "headquarters"
    assert hq.commander_on(date(2025, 1, 1)) == "王延峰"
    assert registry.org_unit("office").attributes["seat"] == "市项目推进中心"
    ndrc = registry.org_unit("ndrc")
    assert "省发展改革委" in ndrc.attributes["provincial_counterparts"]


def test_loading_the_seed_twice_adds_nothing(registry: Registry) -> None:
    assert (
        registry.load_organisation(
            SYSTEM, {"counties": [{"id": "yaodu", "name": "x"}]}, on=date(2025, 1, 1)
        )
        == 0
    )


def test_new_commander_answers_from_the_effective_date_only(registry: Registry) -> None:
    registry.change_org_unit(
        SYSTEM,
        "livelihood",
        change="commander_assigned",
        value="张三",
        effective_on=date(2026, 6, 1),
        reason="分工调整",
    )
    unit = registry.org_unit("livelihood")
    assert unit.commander_on(date(2026, 5, 31)) == "李艳萍"
    assert unit.commander_on(date(2026, 6, 1)) == "张三"
    assert unit.commander_on(date(2024, 2, 29)) is None  # before the seed took effect


def test_rename_and_membership_changes_are_dated(registry: Registry) -> None:
    registry.change_org_unit(
        SYSTEM,
        "livelihood",
        change="renamed",
        value="民生和社会事业项目分指挥部",
        effective_on=date(2026, 7, 1),
        reason="",
    )
    registry.change_org_unit(
        SYSTEM,
        "livelihood",
        change="department_added",
        value="education",
        effective_on=date(2026, 7, 1),
        reason="",
    )
    unit = registry.org_unit("livelihood")
    assert unit.name_on(date(2026, 6, 30)) == "民生项目分指挥部"
    assert unit.name_on(date(2026, 7, 1)) == "民生和社会事业项目分指挥部"
    assert unit.departments_on(date(2026, 6, 30)) == ["health", "civil_affairs"]
    assert unit.departments_on(date(2026, 7, 1)) == ["health", "civil_affairs", "education"]
    registry.change_org_unit(
        SYSTEM,
        "livelihood",
        change="department_removed",
        value="health",
        effective_on=date(2026, 8, 1),
        reason="",
    )
    assert registry.org_unit("livelihood").departments_on(date(2026, 8, 1)) == [
        "civil_affairs",
        "education",
    ]


def test_org_changes_refuse_no_ops_and_unknown_departments(registry: Registry) -> None:
    with pytest.raises(ConflictingCommandError):
        registry.change_org_unit(
            SYSTEM,
            "livelihood",
            change="department_added",
            value="health",
            effective_on=date(2026, 1, 1),
            reason="",
        )
    with pytest.raises(RegistryError) as refused:
        registry.change_org_unit(
            SYSTEM,
            "livelihood",
            change="department_added",
            value="atlantis",
            effective_on=date(2026, 1, 1),
            reason="",
        )
    assert refused.value.field == "value"


def test_org_events_translate_to_contract_events(registry: Registry) -> None:
    unit = registry.change_org_unit(
        SYSTEM,
        "political_legal",
        change="commander_assigned",
        value="李四",
        effective_on=date(2026, 9, 1),
        reason="",
    )
    events = list(registry.events.get(unit.id))
    registered, changed = translate(events[0]), translate(events[-1])
    assert registered is not None
    assert changed is not None
    assert registered.model_dump()["attributes"]["lead_units"] == ["public_security"]
    assert changed.model_dump()["change"] == "commander_assigned"
    assert changed.model_dump()["value"] == "李四"
    hq_event = translate(next(iter(registry.events.get(registry.org_unit("hq").id))))
    assert hq_event is not None
    assert hq_event.model_dump()["attributes"]["commander"] == "王延峰(市委副书记、市长)"
