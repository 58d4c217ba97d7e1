"""Write the business dashboard's 红黄绿灯, 审批时钟 and 排名 rows (panel ids from 100).

Metric labels carry ids (county ``yaodu``, step ``project_code``); the Chinese
names come from where the services read them — the seed organisation for
counties, the policy file for approval steps, contracts.labels for lights and SLA
statuses — so the panels' display names cannot drift from them
(tests/deploy/test_business_dashboard.py checks the file against this). Run ``uv run --frozen python
scripts/business_dashboard.py`` after a county or a step is added.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from contracts.labels import APPROVAL_STATUS_LABELS, LIGHT_LABELS
from registry.application import seed_organisation
from registry.approval_gauges import STATES
from registry.policy import RegistryPolicy

# The approval chain as config/policy.yaml names it (what the registry answers).
STEP_NAMES = RegistryPolicy.load().step_names

BOARD = Path(__file__).resolve().parents[1] / "deploy" / "grafana" / "dashboards"
FILE = BOARD / "kpd-business.json"
FIRST_ID = 100  # panels below are the hand-written ones
DATASOURCE = {"type": "prometheus", "uid": "kpd-prometheus"}
LIGHT_COLOURS = {"green": "green", "yellow": "yellow", "red": "red"}
# The states of registry.approval_gauges.STATES, as the office says them.
STATE_LABELS = {
    "running": "计时中",
    "suspended": "法定中止",
    "overdue": "超时限未办结",
    "granted_in_time": "按时办结",
    "granted_late": "超时办结",
}
STATE_COLOURS = {"overdue": "red", "granted_late": "orange", "suspended": "blue"}
STATUS_COLOURS = {"on_track": "green", "at_risk": "yellow", "breached": "red"}


def county_names() -> dict[str, str]:
    return {str(c["id"]): str(c["name"]) for c in seed_organisation()["counties"]}


def mapping(names: dict[str, str]) -> list[dict[str, Any]]:
    options = {key: {"text": text, "index": i} for i, (key, text) in enumerate(names.items())}
    return [{"type": "value", "options": options}]


def renamed(names: dict[str, str], colours: dict[str, str] | None = None) -> list[dict[str, Any]]:
    """Series named by a label id shown by its Chinese name (value mappings do not reach names)."""
    overrides = []
    for key, text in names.items():
        properties: list[dict[str, Any]] = [{"id": "displayName", "value": text}]
        if colours and key in colours:
            fixed = {"mode": "fixed", "fixedColor": colours[key]}
            properties.append({"id": "color", "value": fixed})
        overrides.append({"matcher": {"id": "byName", "options": key}, "properties": properties})
    return overrides


def column(field: str, title: str, names: dict[str, str]) -> dict[str, Any]:
    """A table column of ids shown by name."""
    properties = [
        {"id": "displayName", "value": title},
        {"id": "mappings", "value": mapping(names)},
    ]
    return {"matcher": {"id": "byName", "options": field}, "properties": properties}


def target(ref: str, expr: str, legend: str = "", table: bool = False) -> dict[str, Any]:
    found: dict[str, Any] = {"refId": ref, "datasource": DATASOURCE, "expr": expr}
    if table:
        found.update(format="table", instant=True)
    else:
        found["legendFormat"] = legend
    return found


def panel(
    kind: str,
    title: str,
    grid: tuple[int, int, int, int],
    targets: list[dict[str, Any]],
    **extra: Any,
) -> dict[str, Any]:
    x, y, w, h = grid
    body: dict[str, Any] = {"type": kind, "title": title, "datasource": DATASOURCE}
    body["gridPos"] = {"x": x, "y": y, "w": w, "h": h}
    body["targets"] = targets
    body["fieldConfig"] = {"defaults": extra.pop("defaults", {"decimals": 0})}
    body["fieldConfig"]["overrides"] = extra.pop("overrides", [])
    body.update(extra)
    return body


def row(title: str, y: int) -> dict[str, Any]:
    grid = {"x": 0, "y": y, "w": 24, "h": 1}
    return {"type": "row", "title": title, "gridPos": grid, "collapsed": False, "panels": []}


STAT = {"reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False},
        "colorMode": "background", "graphMode": "none", "textMode": "value_and_name"}  # fmt: skip
BARS = {"orientation": "horizontal", "displayMode": "gradient",
        "reduceOptions": {"calcs": ["lastNotNull"], "fields": "", "values": False}}  # fmt: skip


def merged(renames: dict[str, str]) -> list[dict[str, Any]]:
    """Instant table queries joined on their labels, the values renamed as columns."""
    organize = {"excludeByName": {"Time": True}, "renameByName": renames}
    return [{"id": "merge", "options": {}}, {"id": "organize", "options": organize}]


def one_query_per_column(
    expr: str, columns: dict[str, str]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """Queries ``expr.format(key)`` A, B, … and their value columns renamed by ``columns``."""
    refs = [chr(ord("A") + i) for i in range(len(columns))]
    targets = [
        target(ref, expr.format(key), table=True) for ref, key in zip(refs, columns, strict=True)
    ]
    renames = {f"Value #{ref}": text for ref, text in zip(refs, columns.values(), strict=True)}
    return targets, renames


def lights_row(y: int, counties: dict[str, str]) -> list[dict[str, Any]]:
    lights = dict(reversed(LIGHT_LABELS.items()))  # red first: what the office looks at
    by_county, renames = one_query_per_column(
        'sum by (county) (kpd_project_lights{{light="{}"}})', lights
    )
    return [
        row("红黄绿灯", y),
        panel("stat", "项目红黄绿灯", (0, y + 1, 8, 9),
              [target("A", "sum by (light) (kpd_project_lights)", "{{light}}")],
              overrides=renamed(LIGHT_LABELS, LIGHT_COLOURS), options=STAT),
        panel("table", "各县（市、区）红黄绿灯", (8, y + 1, 16, 9), by_county,
              overrides=[column("county", "县（市、区）", counties)],
              transformations=merged(renames),
              options={"sortBy": [{"displayName": LIGHT_LABELS["red"], "desc": True}]}),
    ]  # fmt: skip


def clocks_row(y: int) -> list[dict[str, Any]]:
    by_step, renames = one_query_per_column(
        'sum by (step) (kpd_approval_clocks{{state="{}"}})', {s: STATE_LABELS[s] for s in STATES}
    )
    return [
        row("审批时钟", y),
        panel("stat", "审批环节（按计时状态）", (0, y + 1, 12, 6),
              [target("A", "sum by (state) (kpd_approval_clocks)", "{{state}}")],
              overrides=renamed(STATE_LABELS, STATE_COLOURS), options=STAT),
        panel("stat", "在办审批链（按时限）", (12, y + 1, 12, 6),
              [target("A", "sum by (status) (kpd_approval_chains)", "{{status}}")],
              overrides=renamed(APPROVAL_STATUS_LABELS, STATUS_COLOURS), options=STAT),
        panel("bargauge", "超时限未办结（按环节）", (0, y + 7, 12, 8),
              [target("A", 'sum by (step) (kpd_approval_clocks{state="overdue"})', "{{step}}")],
              overrides=renamed(STEP_NAMES), options=BARS),
        panel("table", "审批环节 × 计时状态", (12, y + 7, 12, 8), by_step,
              overrides=[column("step", "审批环节", STEP_NAMES)],
              transformations=merged(renames), options={}),
    ]  # fmt: skip


def ranking_row(y: int, counties: dict[str, str]) -> list[dict[str, Any]]:
    table = [target("A", "max by (county, month) (kpd_county_rank)", table=True),
             target("B", "max by (county, month) (kpd_county_score)", table=True)]  # fmt: skip
    month = {"matcher": {"id": "byName", "options": "month"},
             "properties": [{"id": "displayName", "value": "通报月份"}]}  # fmt: skip
    scores = target("A", "sort_desc(max by (county) (kpd_county_score))", "{{county}}")
    scores["instant"] = True
    return [
        row("月度排名（最新通报）", y),
        panel("table", "各县（市、区）排名", (0, y + 1, 12, 12), table,
              overrides=[column("county", "县（市、区）", counties), month],
              transformations=merged({"Value #A": "排名", "Value #B": "得分"}),
              options={"sortBy": [{"displayName": "排名", "desc": False}]}),
        panel("bargauge", "各县（市、区）得分", (12, y + 1, 12, 12), [scores],
              defaults={"decimals": 2, "min": 0, "max": 100},
              overrides=renamed(counties), options=BARS),
    ]  # fmt: skip


def build(board: dict[str, Any]) -> dict[str, Any]:
    """The board with its hand-written panels kept and these three rows (re)placed after them."""
    kept = [p for p in board["panels"] if p.get("id", 0) < FIRST_ID]
    y = max(p["gridPos"]["y"] + p["gridPos"]["h"] for p in kept)
    counties = county_names()
    added = [*lights_row(y, counties), *clocks_row(y + 10), *ranking_row(y + 25, counties)]
    for offset, item in enumerate(added):
        item["id"] = FIRST_ID + offset
    return {**board, "panels": [*kept, *added]}


def render(board: dict[str, Any]) -> str:
    return json.dumps(board, ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    FILE.write_text(render(build(json.loads(FILE.read_text(encoding="utf-8")))), encoding="utf-8")
