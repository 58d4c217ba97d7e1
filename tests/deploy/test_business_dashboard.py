"""The business dashboard's 红黄绿灯, 审批时钟 and 排名 rows are what the generator writes,
and show counties, lights, steps and states by the names the services use."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType
from typing import Any

from contracts.labels import LIGHT_LABELS
from registry.application import seed_organisation
from registry.approval_gauges import STATES
from registry.policy import RegistryPolicy

REPO = Path(__file__).resolve().parents[2]
BOARD = REPO / "deploy" / "grafana" / "dashboards" / "kpd-business.json"


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "business_dashboard", REPO / "scripts" / "business_dashboard.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def board() -> dict[str, Any]:
    found: dict[str, Any] = json.loads(BOARD.read_text(encoding="utf-8"))
    return found


def by_title(title: str) -> dict[str, Any]:
    [found] = [p for p in board()["panels"] if p["title"] == title]
    return found


def display_names(panel: dict[str, Any]) -> dict[str, str]:
    names = {}
    for override in panel["fieldConfig"]["overrides"]:
        for prop in override["properties"]:
            if prop["id"] == "displayName":
                names[override["matcher"]["options"]] = prop["value"]
    return names


def mapped(panel: dict[str, Any], field: str) -> dict[str, str]:
    for override in panel["fieldConfig"]["overrides"]:
        if override["matcher"]["options"] == field:
            [values] = [p["value"] for p in override["properties"] if p["id"] == "mappings"]
            return {key: option["text"] for key, option in values[0]["options"].items()}
    raise AssertionError(f"no mapping for {field}")


def test_the_file_is_what_the_generator_writes() -> None:
    # Fails when a county, light or step changes and scripts/business_dashboard.py was not run.
    module = generator()
    current = board()
    assert module.render(module.build(current)) == BOARD.read_text(encoding="utf-8")


def test_counties_lights_and_steps_are_shown_by_name() -> None:
    counties = {c["id"]: c["name"] for c in seed_organisation()["counties"]}
    assert mapped(by_title("各县（市、区）红黄绿灯"), "county") == counties
    assert mapped(by_title("各县（市、区）排名"), "county") == counties
    assert display_names(by_title("各县（市、区）得分")) == counties
    assert display_names(by_title("项目红黄绿灯")) == LIGHT_LABELS
    assert display_names(by_title("超时限未办结（按环节）")) == RegistryPolicy.load().step_names
    assert mapped(by_title("审批环节 × 计时状态"), "step") == RegistryPolicy.load().step_names
    assert set(display_names(by_title("审批环节（按计时状态）"))) == set(STATES)


def test_the_ranking_table_is_sorted_by_rank() -> None:
    table = by_title("各县（市、区）排名")
    assert table["options"]["sortBy"] == [{"displayName": "排名", "desc": False}]
    renames = table["transformations"][1]["options"]["renameByName"]
    assert renames["Value #A"] == "排名"
    assert table["targets"][0]["expr"] == "max by (county, month) (kpd_county_rank)"
