"""GET /v1/org/... serves the seed in Chinese; org changes are dated commands."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from registry.main import create_app
from servicekit.dev.testing import local_settings
from servicekit.policy import DEFAULT_POLICY_FILE, PolicyError


def test_org_seed_is_served_with_chinese_names(api: Any) -> None:
    client, auth = api.client, api.auth("county", "yaodu")
    counties = client.get("/v1/org/counties", headers=auth)
    assert counties.status_code == 200
    names = {c["id"]: c["name"] for c in counties.json()}
    assert len(names) == 18
    assert names["yaodu"] == "尧都区"
    assert names["devzone"] == "临汾经济开发区"
    departments = {d["id"]: d for d in client.get("/v1/org/departments", headers=auth).json()}
    assert departments["natural_resources"]["name"] == "市规划和自然资源局"
    assert departments["natural_resources"]["attributes"]["provincial_counterparts"] == [
        "省自然资源厅",
        "省林草局",
    ]
    subcommands = client.get("/v1/org/subcommands", headers=auth).json()
    assert [s["commander"] for s in subcommands] == [
        "王渊",
        "张希亮",
        "王云",
        "胡晓刚",
        "乔飞鸿",
        "李艳萍",
    ]
    assert subcommands[0]["name"] == "市政、制造业、电力项目分指挥部"
    hq = client.get("/v1/org/headquarters", headers=auth).json()
    assert [(u["id"], u["name"]) for u in hq] == [
        ("hq", "临汾市重点工程项目总指挥部"),
        ("office", "总指挥部办公室"),
    ]
    assert client.get("/v1/org/counties").status_code == 401


def test_who_commanded_a_subcommand_on_a_date(api: Any) -> None:
    client = api.client
    change = {
        "change": "commander_assigned",
        "value": "赵六",
        "effective_on": "2027-01-01",
        "reason": "市政府分工调整",
    }
    refused = client.post(
        "/v1/org/units/culture_tourism_tech/changes",
        json=change,
        headers=api.auth("county", "yaodu"),
    )
    assert refused.status_code == 403
    changed = client.post(
        "/v1/org/units/culture_tourism_tech/changes", json=change, headers=api.auth("commander")
    )
    assert changed.status_code == 200, changed.text
    before = client.get(
        "/v1/org/units/culture_tourism_tech", params={"on": "2026-12-31"}, headers=api.auth()
    )
    after = client.get(
        "/v1/org/units/culture_tourism_tech", params={"on": "2027-01-01"}, headers=api.auth()
    )
    assert before.json()["commander"] == "王云"
    assert after.json()["commander"] == "赵六"
    again = client.post(
        "/v1/org/units/culture_tourism_tech/changes", json=change, headers=api.auth()
    )
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    stale = client.post(
        "/v1/org/units/culture_tourism_tech/changes",
        json={**change, "value": "钱七"},
        headers={**api.auth(), "If-Match": '"1"'},
    )
    assert stale.status_code == 412
    unknown = client.get("/v1/org/units/atlantis", headers=api.auth())
    assert unknown.status_code == 404


def test_a_bad_policy_file_stops_start_up_with_the_key_named(tmp_path: Path) -> None:
    text = DEFAULT_POLICY_FILE.read_text(encoding="utf-8")
    bad = tmp_path / "policy.yaml"
    bad.write_text(
        text.replace('approval_sla_at_risk_ratio: "0.8"', 'approval_sla_at_risk_ratio: "1.5"')
    )
    settings = local_settings("registry", tmp_path / "var", policy_file=bad)
    with pytest.raises(PolicyError, match=r"registry\.approval_sla_at_risk_ratio"):
        create_app(settings)
