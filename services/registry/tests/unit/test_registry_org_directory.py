"""The organisation directory: look-ups without reloading units, yet never stale.

Two registries on one SQLite store stand for two replicas of the service: a
change committed by one is seen by the other's next look-up.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from registry.application import Registry, seed_organisation
from servicekit.context import SYSTEM
from servicekit.settings import ServiceSettings
from servicekit.store import create_store_tables, store_environment


def replicas(tmp_path: Path) -> tuple[Registry, Registry]:
    settings = ServiceSettings(service="registry", var_dir=tmp_path)
    create_store_tables(settings, Registry)
    first = Registry(env=store_environment(settings))
    first.load_organisation(SYSTEM, seed_organisation(), on=date(2024, 3, 1))
    return first, Registry(env=store_environment(settings))


def test_a_change_by_one_replica_is_seen_by_the_next_look_up_of_another(tmp_path: Path) -> None:
    first, second = replicas(tmp_path)
    assert second.org_unit("livelihood").commander_on(date(2026, 7, 1)) == "李艳萍"
    first.change_org_unit(
        SYSTEM,
        "livelihood",
        change="commander_assigned",
        value="张三",
        effective_on=date(2026, 6, 1),
        reason="分工调整",
    )
    assert second.org_unit("livelihood").commander_on(date(2026, 7, 1)) == "张三"
    assert second.org_unit("livelihood").version == first.org_unit("livelihood").version


def test_sector_routing_follows_a_department_moving_between_subcommands(tmp_path: Path) -> None:
    first, second = replicas(tmp_path)
    before = second.org_unit("investment_transport").version
    first.change_org_unit(
        SYSTEM,
        "investment_transport",
        change="renamed",
        value="投资交通分指挥部（新）",
        effective_on=date(2026, 1, 1),
        reason="更名",
    )
    unit = second.org_unit("investment_transport")
    assert unit.version == before + 1
    assert unit.name == "投资交通分指挥部（新）"


def test_units_handed_out_are_not_the_ones_a_command_changes(tmp_path: Path) -> None:
    first, _ = replicas(tmp_path)
    handed_out = first.org_unit("hq")
    history = list(handed_out.history)
    first.change_org_unit(
        SYSTEM,
        "hq",
        change="commander_assigned",
        value="新指挥长",
        effective_on=date(2026, 1, 1),
        reason="换届",
    )
    assert handed_out.history == history
    assert first.org_unit("hq").commander_on(date(2026, 1, 2)) == "新指挥长"
