"""The organisation directory: look-ups that ask the store nothing, yet are never wrong for long.

Two registries on one SQLite store stand for two replicas of the service. A
replica's own changes reach its directory through its record listener at once;
another replica's reach it through the catch-up poll, at most one refresh
interval late — except a unit it has never seen, which is looked for at once.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from registry.application import Registry, seed_organisation
from registry.application.org_directory import OrgDirectory
from servicekit.core.context import SYSTEM
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.environment import store_environment
from servicekit.eventstore.store import create_store_tables


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def replicas(tmp_path: Path, *, refresh_s: float = 1.0) -> tuple[Registry, Registry]:
    settings = ServiceSettings(service="registry", var_dir=tmp_path)
    create_store_tables(settings, Registry)
    env = store_environment(settings)
    first = Registry(env=env, org_refresh_interval_s=refresh_s)
    first.load_organisation(SYSTEM, seed_organisation(), on=date(2024, 3, 1))
    return first, Registry(env=env, org_refresh_interval_s=refresh_s)


def count_log_queries(app: Registry, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    calls: list[str] = []
    recorder: Any = app.recorder
    for name in ("max_notification_id", "select_notifications"):
        original = getattr(recorder, name)

        def counted(*args: Any, _name: str = name, _original: Any = original, **kw: Any) -> Any:
            calls.append(_name)
            return _original(*args, **kw)

        monkeypatch.setattr(recorder, name, counted)
    return calls


def assign_commander(app: Registry, unit_id: str, name: str) -> None:
    app.change_org_unit(
        SYSTEM,
        unit_id,
        change="commander_assigned",
        value=name,
        effective_on=date(2026, 6, 1),
        reason="分工调整",
    )


def test_a_replicas_own_change_is_seen_at_once_without_asking_the_log(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, _ = replicas(tmp_path, refresh_s=3600)
    assert first.org_unit("livelihood").commander_on(date(2026, 7, 1)) == "李艳萍"
    queries = count_log_queries(first, monkeypatch)
    assign_commander(first, "livelihood", "张三")
    assert first.org_unit("livelihood").commander_on(date(2026, 7, 1)) == "张三"
    assert first.org_unit("yaodu").name == "尧都区"
    assert queries == []


def test_another_replicas_change_is_seen_once_the_refresh_interval_has_passed(
    tmp_path: Path,
) -> None:
    first, second = replicas(tmp_path)
    clock = FakeMonotonic()
    second.org_directory = OrgDirectory(second, refresh_interval_s=1.0, monotonic=clock)
    assert second.org_unit("livelihood").commander_on(date(2026, 7, 1)) == "李艳萍"
    assign_commander(first, "livelihood", "张三")
    clock.now += 0.5
    assert second.org_unit("livelihood").commander_on(date(2026, 7, 1)) == "李艳萍"
    clock.now += 0.5
    assert second.org_unit("livelihood").commander_on(date(2026, 7, 1)) == "张三"
    assert second.org_unit("livelihood").version == first.org_unit("livelihood").version


def test_a_unit_another_replica_just_registered_is_found_at_once(tmp_path: Path) -> None:
    first, second = replicas(tmp_path, refresh_s=3600)
    assert second.find_org_unit("newcounty") is None
    org = seed_organisation()
    org["counties"] = [*org["counties"], {"id": "newcounty", "name": "新设县"}]
    assert first.load_organisation(SYSTEM, org, on=date(2026, 1, 1)) == 1
    unit = second.find_org_unit("newcounty")
    assert unit is not None
    assert unit.name == "新设县"


def test_sector_routing_follows_a_rename_by_another_replica(tmp_path: Path) -> None:
    first, second = replicas(tmp_path, refresh_s=0)
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
    assign_commander(first, "hq", "新指挥长")
    assert handed_out.history == history
    assert first.org_unit("hq").commander_on(date(2026, 7, 1)) == "新指挥长"
