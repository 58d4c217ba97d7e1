"""项目单位 over HTTP (SQLite and PostgreSQL): registered with a checked credit code, named
on its projects, idempotent when sent again, one unit per code, its contact changed."""

from __future__ import annotations

from typing import Any

UNIT = {
    "id": "unit-yaodu-001", "name": "临汾市尧都区城市建设投资有限公司",
    "credit_code": "91350100M000100Y43", "contact": "张伟", "phone": "0357-2012345",
}  # fmt: skip


def test_a_unit_is_registered_and_its_projects_show_its_name(api: Any) -> None:
    created = api.client.post("/v1/units", json=UNIT, headers=api.auth())
    assert created.status_code == 201, created.text
    assert created.json()["name"] == UNIT["name"]
    again = api.client.post("/v1/units", json=UNIT, headers=api.auth())
    assert again.status_code == 200  # an import run twice registers nothing new
    assert again.json()["version"] == created.json()["version"]
    project = api.register(project_unit="unit-yaodu-001")
    assert project["project_unit_name"] == UNIT["name"]
    detail = api.client.get(f"/v1/projects/{project['id']}", headers=api.auth()).json()
    assert detail["project_unit_name"] == UNIT["name"]
    read = api.client.get("/v1/units/unit-yaodu-001", headers=api.auth("county", "yaodu"))
    assert (read.json()["credit_code"], read.json()["contact"]) == ("91350100M000100Y43", "张伟")
    changed = api.client.post(
        "/v1/units/unit-yaodu-001/contact",
        json={"contact": "李娜", "phone": "13912345678"},
        headers=api.auth("project_unit", "unit-yaodu-001"),
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["phone"] == "13912345678"


def test_bad_input_is_refused_field_by_field_and_codes_are_not_shared(api: Any) -> None:
    wrong = api.client.post(
        "/v1/units", json={**UNIT, "credit_code": "91350100M000100Y44"}, headers=api.auth()
    )
    assert wrong.status_code == 422
    assert wrong.json()["errors"][0]["field"] == "body.credit_code"
    assert "校验位错误" in wrong.json()["detail"]
    phone = api.client.post("/v1/units", json={**UNIT, "phone": "12345"}, headers=api.auth())
    assert phone.status_code == 422
    assert api.client.post("/v1/units", json=UNIT, headers=api.auth()).status_code == 201
    taken = api.client.post(
        "/v1/units", json={**UNIT, "id": "unit-other", "name": "另一家公司"}, headers=api.auth()
    )
    assert taken.status_code == 409
    assert UNIT["name"] in taken.json()["detail"]
    renamed = api.client.post("/v1/units", json={**UNIT, "name": "别的名称"}, headers=api.auth())
    assert renamed.status_code == 409
    other_unit = api.client.post(
        "/v1/units",
        json={**UNIT, "id": "unit-x", "credit_code": "91110108551385082Q"},
        headers=api.auth("project_unit", "unit-yaodu-001"),
    )
    assert other_unit.status_code == 403
    assert api.client.get("/v1/units/nobody", headers=api.auth()).status_code == 404
