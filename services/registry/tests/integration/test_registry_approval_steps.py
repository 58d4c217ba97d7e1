"""The approval chain comes from the policy file, names included: listed by the API,
named in every answer, a city's own step accepted, an unknown step refused with the
list, and a step without a name refused at start-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from registry.main import create_app, migrate
from registry.policy import RegistryPolicy
from servicekit.dev.testing import local_settings, token_for
from servicekit.policy import PolicyError, policy_path
from tests.support import PROJECT

CHAIN = """  approval_steps:
    - {id: project_code, name: 赋码立项}
    - {id: construction_permit, name: 施工许可}
    - {id: completion_acceptance, name: 竣工验收}
    - {id: property_certificate, name: 不动产证}
"""


def _policy_with(tmp_path: Path, steps: str) -> Path:
    text = policy_path().read_text(encoding="utf-8")
    assert CHAIN in text, "config/policy.yaml's chain changed: update CHAIN"
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(CHAIN, steps), encoding="utf-8")
    return path


def test_the_deployed_chain_is_the_notices(api: Any) -> None:
    listed = api.client.get("/v1/approval-steps", headers=api.auth("county", "yaodu")).json()
    assert [(s["order"], s["id"], s["name"]) for s in listed] == [
        (1, "project_code", "赋码立项"),
        (2, "construction_permit", "施工许可"),
        (3, "completion_acceptance", "竣工验收"),
        (4, "property_certificate", "不动产证"),
    ]


def test_a_citys_own_step_is_taken_and_named(tmp_path: Path) -> None:
    steps = CHAIN + "    - {id: land_pre_review, name: 用地预审}\n"
    settings = local_settings(
        "registry", tmp_path / "var", policy_file=_policy_with(tmp_path, steps)
    )
    migrate(settings)
    headers = {"Authorization": f"Bearer {token_for(settings.dev_key_path, 'office')}"}
    with TestClient(create_app(settings)) as client:
        project = client.post("/v1/projects", json=PROJECT, headers=headers).json()
        path = f"/v1/projects/{project['id']}/approvals"
        body = {"step": "land_pre_review", "submitted_on": "2025-09-01", "granted_on": "2025-09-05"}
        taken = client.post(path, json=body, headers=headers)
        assert taken.status_code == 200, taken.text
        assert taken.json()["steps"][0]["name"] == "用地预审"
        refused = client.post(path, json={**body, "step": "teleport"}, headers=headers)
        assert refused.status_code == 422
        assert "land_pre_review（用地预审）" in refused.json()["detail"]
        assert "project_code（赋码立项）" in refused.json()["detail"]
        document = client.get("/openapi.json").json()
        step = document["components"]["schemas"]["ApprovalIn"]["properties"]["step"]
        assert "land_pre_review" in step["enum"]


def test_a_step_without_a_name_stops_start_up(tmp_path: Path) -> None:
    steps = CHAIN + "    - land_pre_review\n"
    settings = local_settings(
        "registry", tmp_path / "var", policy_file=_policy_with(tmp_path, steps)
    )
    with pytest.raises(PolicyError, match=r"land_pre_review.*needs a name"):
        create_app(settings)


def test_an_older_file_of_bare_known_ids_still_loads(tmp_path: Path) -> None:
    bare = "  approval_steps: [project_code, construction_permit]\n"
    policy = RegistryPolicy.load(_policy_with(tmp_path, bare))
    assert policy.step_names == {"project_code": "赋码立项", "construction_permit": "施工许可"}
