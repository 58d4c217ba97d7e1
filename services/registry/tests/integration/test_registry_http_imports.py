"""Project imports from Excel (SQLite and PostgreSQL): the template, all or nothing with
every bad row named in Chinese, idempotent re-import, one event per row with the
importing user as actor, a county limited to its own projects."""

from __future__ import annotations

import io
import time
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook

from registry.domain import Project

TEMPLATE = "/v1/imports/projects/template.xlsx"


def _template(api: Any, role: str = "office", unit: str | None = None) -> Any:
    answer = api.client.get(TEMPLATE, headers=api.auth(role, unit))
    assert answer.status_code == 200, answer.text
    return load_workbook(io.BytesIO(answer.content))


def _row(number: int, county: str = "尧都区") -> list[Any]:
    return [
        f"导入测试项目{number:05d}", county, "交通", "市级重点", 2026, "unit-yaodu-001",
        "1200.5000", 300.25, date(2026, 3, 1), date(2027, 12, 31), "是", "否",
    ]  # fmt: skip


def _workbook(api: Any, rows: list[list[Any]]) -> bytes:
    book = _template(api)
    sheet = book["项目"]
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import(api: Any, data: bytes, role: str = "office", unit: str | None = None) -> Any:
    files = {"file": ("重点项目.xlsx", data, "application/octet-stream")}
    started = api.client.post("/v1/imports/projects", files=files, headers=api.auth(role, unit))
    assert started.status_code == 202, started.text
    path = f"/v1/imports/{started.json()['id']}"
    deadline = time.monotonic() + 120
    while True:
        job = api.client.get(path, headers=api.auth(role, unit)).json()
        if job["status"] != "running":
            return job
        assert time.monotonic() < deadline, job
        time.sleep(0.1)


def _projects(api: Any) -> list[Any]:
    recorder = api.app.recorder
    return [
        n
        for n in recorder.select_notifications(0, 100_000)
        if n.topic.endswith(":Project.Registered")
    ]


def test_the_template_offers_the_organisation_in_drop_downs(api: Any) -> None:
    book = _template(api)
    sheet = book["项目"]
    assert [c.value for c in sheet[1]][:4] == ["项目名称", "县（市、区）", "行业", "级别"]
    rules = {str(rule.sqref): rule.formula1 for rule in sheet.data_validations.dataValidation}
    assert any(ref.startswith("B2") for ref in rules)
    lists = book["选项"]
    counties = [c.value for c in lists["A"][1:] if c.value]
    assert "尧都区" in counties
    assert lists.sheet_state == "hidden"
    assert "填写说明" in book.sheetnames


def test_three_bad_rows_among_a_hundred_store_nothing_and_are_named(api: Any) -> None:
    rows = [_row(n) for n in range(100)]
    rows[10][1] = "不存在县"
    rows[42][6] = "一千万"
    rows[77][9] = date(2025, 1, 1)  # completes before it starts
    before = len(_projects(api))
    job = _import(api, _workbook(api, rows))
    assert job["status"] == "refused", job
    assert [(e["row"], e["column"]) for e in job["errors"]] == [
        (12, "县（市、区）"),
        (44, "总投资（万元）"),
        (79, "计划竣工日期"),
    ]
    assert "不在可选列表中" in job["errors"][0]["reason"]
    assert "未导入任何项目" in job["message"]
    assert len(_projects(api)) == before


def test_a_good_workbook_is_stored_once_with_the_importer_as_actor(api: Any) -> None:
    data = _workbook(api, [_row(n) for n in range(20)])
    job = _import(api, data)
    assert job["status"] == "completed", job
    assert (len(job["created"]), job["existing"]) == (20, [])
    again = _import(api, data)
    assert (again["status"], again["created"], sorted(again["existing"])) == (
        "completed", [], sorted(job["created"])
    )  # fmt: skip
    registered = _projects(api)
    assert len(registered) == 20
    project = api.app.repository.get(registered[0].originator_id)
    assert isinstance(project, Project)
    assert (project.county, project.sector, project.level) == ("yaodu", "transport", "city")
    assert str(project.total_investment) == "1200.5000"
    assert b'"actorrole":"office"' in bytes(registered[0].state)  # one event per row, by whom


def test_a_county_imports_only_its_own(api: Any) -> None:
    job = _import(api, _workbook(api, [_row(1), _row(2, "侯马市")]), "county", "yaodu")
    assert job["status"] == "refused"
    assert [(e["row"], e["reason"]) for e in job["errors"]] == [(3, "只能导入本县（市、区）的项目")]


def test_a_file_that_is_not_a_workbook_is_refused_saying_so(api: Any) -> None:
    job = _import(api, b"not a workbook")
    assert job["status"] == "refused"
    assert "不是有效的 .xlsx" in job["errors"][0]["reason"]


@pytest.mark.slow
def test_five_thousand_rows_import_within_a_minute(api: Any) -> None:
    started = time.monotonic()
    job = _import(api, _workbook(api, [_row(n) for n in range(5000)]))
    elapsed = time.monotonic() - started
    assert job["status"] == "completed", job["errors"][:3]
    assert len(job["created"]) == 5000
    assert len(_projects(api)) == 5000
    print(f"5000-row import: {elapsed:.1f} s")  # the figure; the issue asks under a minute


def _reports(api: Any, rows: list[list[Any]]) -> bytes:
    answer = api.client.get("/v1/imports/reports/template.xlsx", headers=api.auth())
    assert answer.status_code == 200, answer.text
    book = load_workbook(io.BytesIO(answer.content))
    for row in rows:
        book["月度进度"].append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _import_reports(api: Any, data: bytes) -> Any:
    files = {"file": ("月度进度.xlsx", data, "application/octet-stream")}
    started = api.client.post("/v1/imports/reports", files=files, headers=api.auth())
    assert started.status_code == 202, started.text
    for _ in range(600):
        job = api.client.get(f"/v1/imports/{started.json()['id']}", headers=api.auth()).json()
        if job["status"] != "running":
            return job
        time.sleep(0.1)
    raise AssertionError(job)


def test_monthly_figures_import_all_or_nothing_and_once(api: Any) -> None:
    project = api.register(year=2025)
    good = [
        [project["id"], project["name"], "2025-03", "100.5000", "主体施工"],
        [project["id"], None, "2025-04", 80, "主体封顶"],
    ]
    bad = [*good, ["00000000-0000-4000-8000-000000000000", None, "2025-04", 1, "无此项目"]]
    refused = _import_reports(api, _reports(api, bad))
    assert refused["status"] == "refused"
    assert [(e["row"], e["reason"]) for e in refused["errors"]] == [(4, "项目库中没有这个项目")]
    assert (
        api.client.get(f"/v1/projects/{project['id']}", headers=api.auth()).json()[
            "last_reported_month"
        ]
        is None
    )  # nothing stored
    done = _import_reports(api, _reports(api, good))
    assert (done["status"], len(done["created"])) == ("completed", 2)
    detail = api.client.get(f"/v1/projects/{project['id']}", headers=api.auth()).json()
    assert (detail["last_reported_month"], detail["cumulative_investment"]) == (
        "2025-04", "180.5000"
    )  # fmt: skip
    again = _import_reports(api, _reports(api, good))
    assert (again["created"], len(again["existing"])) == ([], 2)
