"""作战室 on the running stack: the figures are the registered ones, scoped by the token,
only commanding roles see it, and a service that is down darkens only its panels."""

from __future__ import annotations

import time
import uuid
from decimal import Decimal
from typing import Any

import httpx
import pytest

from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats]


def _project(stack: WorkbenchStack, year: int, county: str, sector: str, plan: str) -> str:
    return stack.register_project(
        name=f"作战室测试项目-{uuid.uuid4().hex[:6]}",
        county=county,
        sector=sector,
        project_unit=f"unit-{county}-001",
        year=year,
        annual_planned_investment=plan,
        total_investment="90000.0000",
        planned_start=f"{year}-03-01",
        planned_completion=f"{year + 1}-12-31",
    )


def _registry(stack: WorkbenchStack, path: str, body: dict[str, Any]) -> None:
    answer = httpx.post(
        stack.service_url("registry") + path, json=body, headers=stack.suite.headers(), timeout=10
    )
    assert answer.status_code in (200, 201), answer.text


def _report(stack: WorkbenchStack, project_id: str, month: str, amount: str) -> None:
    body = {"month": month, "investment_completed": amount, "physical_progress": "按计划推进"}
    _registry(stack, f"/v1/projects/{project_id}/reports", body)


def _data_when(
    client: httpx.Client, year: int, ready: Any, timeout: float = 20.0
) -> dict[str, Any]:
    """/warroom/data.json once the registry's read model shows what ``ready`` expects."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get("/warroom/data.json", params={"year": year})
        assert answer.status_code == 200, answer.text
        data: dict[str, Any] = answer.json()
        if ready(data) or time.monotonic() > deadline:
            return data
        time.sleep(0.3)


def _counties(data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {row["unit"]: row for row in data["projects"]["by_county"]}


def test_figures_per_county_are_the_registered_ones(workbench_stack: WorkbenchStack) -> None:
    year = workbench_stack.fresh_year()
    first = _project(workbench_stack, year, "yaodu", "transport", "1000.5000")
    second = _project(workbench_stack, year, "yaodu", "transport", "2000.0000")
    third = _project(workbench_stack, year, "houma", "water", "3000.0000")
    _report(workbench_stack, first, f"{year}-03", "100.2500")
    _report(workbench_stack, first, f"{year}-04", "50.0000")
    _report(workbench_stack, first, f"{year}-04", "60.0000")  # a correction replaces April
    _report(workbench_stack, second, f"{year - 1}-12", "999.0000")  # last year: not counted
    _report(workbench_stack, second, f"{year}-05", "300.0000")
    _report(workbench_stack, third, f"{year}-06", "1200.0000")
    _registry(
        workbench_stack, f"/v1/projects/{first}/stage", {"stage": "started", "on": f"{year}-03-02"}
    )

    client = workbench_stack.signed_in("office")
    data = _data_when(
        client,
        year,
        lambda d: (
            d["projects"]["ok"]
            and _counties(d).get("yaodu", {}).get("completed") == "460.2500"
            and _counties(d).get("yaodu", {}).get("started") == 1
            and _counties(d).get("houma", {}).get("completed") == "1200.0000"
        ),
    )
    counties = _counties(data)
    assert set(counties) == {"yaodu", "houma"}
    yaodu, houma = counties["yaodu"], counties["houma"]
    assert (yaodu["name"], houma["name"]) == ("尧都区", "侯马市")
    assert (yaodu["projects"], yaodu["planned"], yaodu["completed"]) == (2, "3000.5000", "460.2500")
    assert yaodu["investment_rate"] == str(
        (Decimal("460.25") * 100 / Decimal("3000.5")).quantize(Decimal("0.1"))
    )
    assert (yaodu["started"], yaodu["start_rate"]) == (1, "50.0")
    assert (houma["projects"], houma["planned"], houma["completed"]) == (
        1,
        "3000.0000",
        "1200.0000",
    )
    assert (houma["investment_rate"], houma["started"], houma["start_rate"]) == ("40.0", 0, "0.0")
    totals = data["projects"]["totals"]
    assert (totals["projects"], totals["planned"], totals["completed"]) == (
        3,
        "6000.5000",
        "1660.2500",
    )
    assert sum(data["projects"]["lights"].values()) == 3
    subcommands = data["projects"]["by_subcommand"]
    assert sum(row["projects"] for row in subcommands) == 3
    assert all(row["name"] != row["unit"] and "分指挥部" not in row["name"] for row in subcommands)
    assert data["issues"]["ok"]
    assert data["meetings"]["ok"]


def test_a_subcommand_commander_sees_only_its_projects(workbench_stack: WorkbenchStack) -> None:
    year = workbench_stack.fresh_year()
    _project(workbench_stack, year, "yaodu", "transport", "1000.0000")
    _project(workbench_stack, year, "houma", "water", "3000.0000")
    office = workbench_stack.signed_in("office")
    _data_when(
        office, year, lambda d: d["projects"]["ok"] and d["projects"]["totals"]["projects"] == 2
    )

    commander = workbench_stack.signed_in("subcommand_commander", "investment_transport")
    data = _data_when(commander, year, lambda d: d["projects"]["totals"]["projects"] == 1)
    assert data["projects"]["totals"]["projects"] == 1
    assert [row["unit"] for row in data["projects"]["by_county"]] == ["yaodu"]
    assert [row["unit"] for row in data["projects"]["by_subcommand"]] == ["investment_transport"]
    page = commander.get("/warroom")
    assert page.status_code == 200
    assert "招商引资和交通项目分指挥部" in page.text


def test_the_page_is_the_big_screen_shell(workbench_stack: WorkbenchStack) -> None:
    page = workbench_stack.signed_in("commander").get("/warroom", params={"refresh": 5})
    assert page.status_code == 200
    html = page.text
    assert "临汾市重点工程项目作战室" in html
    assert 'data-refresh-seconds="5"' in html
    assert '<script src="/static/js/warroom.js"' in html
    assert "/static/vendor/echarts.min.js" in html
    assert "<script>" not in html
    assert "onclick" not in html
    assert 'class="topbar"' not in html  # its own dark page, not the light chrome


@pytest.mark.parametrize(("role", "unit"), [("county", "yaodu"), ("department", "transport")])
def test_county_and_department_are_refused(
    workbench_stack: WorkbenchStack, role: str, unit: str
) -> None:
    client = workbench_stack.signed_in(role, unit)
    page = client.get("/warroom")
    assert page.status_code == 403
    assert "无权访问作战室" in page.text
    assert client.get("/warroom/data.json").status_code == 403


def test_a_service_down_darkens_only_its_panels(workbench_stack: WorkbenchStack) -> None:
    client = workbench_stack.signed_in("office")
    scheduling = workbench_stack.suite.services["scheduling"]
    scheduling.stop()
    try:
        data = client.get("/warroom/data.json").json()
    finally:
        scheduling.start()
    assert data["meetings"]["ok"] is False
    assert data["meetings"]["reason"].startswith("暂不可用")
    assert data["projects"]["ok"]
    assert data["issues"]["ok"]
    assert client.get("/warroom/data.json").json()["meetings"]["ok"] is True
