"""项目库 on the running stack: the library's filters, search and paging; a project's page
with its stages, approval clock, issues and timeline; a county's scope."""

from __future__ import annotations

import re
import time

import httpx
import pytest

from tests.workbench.projects_support import library_when, register, rows, unique
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats]


def test_library_lists_filters_and_searches(workbench_stack: WorkbenchStack) -> None:
    token = unique()
    yaodu = register(workbench_stack, f"库测试尧都综合管廊-{token}")
    houma = register(workbench_stack, f"库测试侯马水厂-{token}", county="houma", sector="water")
    office = workbench_stack.signed_in("office")

    page = library_when(office, {"q": token}, 2)
    assert set(rows(page)) == {yaodu, houma}
    assert f'href="/projects/{yaodu}"' in page
    assert "尧都区" in page
    assert "侯马市" in page
    assert "招商引资和交通项目分指挥部" in page  # transport's sub-command, by name
    assert "前期" in page
    assert "12,000.0000" in page
    assert 'href="/projects/new"' in page  # the office may register

    only_houma = office.get("/projects", params={"q": token, "county": "houma"}).text
    assert rows(only_houma) == [houma]
    by_subcommand = office.get(
        "/projects", params={"q": token, "subcommand": "ecology_education_agri_water"}
    ).text
    assert rows(by_subcommand) == [houma]
    assert rows(office.get("/projects", params={"q": token, "stage": "started"}).text) == []
    assert rows(office.get("/projects", params={"q": token, "light": "red"}).text) == []
    assert rows(office.get("/projects", params={"q": token, "year": "2031"}).text) == []
    assert rows(office.get("/projects", params={"q": f"水厂 {token}"}).text) == [houma]
    # The filter form as a browser submits it: every box present, the unused ones empty.
    empty = {"county": "", "subcommand": "", "stage": "", "light": "", "year": ""}
    submitted = office.get("/projects", params={"q": token, **empty})
    assert submitted.status_code == 200
    assert set(rows(submitted.text)) == {yaodu, houma}


def test_library_pages_keep_the_filters(workbench_stack: WorkbenchStack) -> None:
    token = unique()
    made = {register(workbench_stack, f"分页测试-{token}-{n:02d}") for n in range(22)}
    auditor = workbench_stack.signed_in("auditor")

    first = library_when(auditor, {"q": token, "county": "yaodu"}, 22)
    assert len(rows(first)) == 20
    assert "第 1 / 2 页" in first
    assert 'href="/projects/new"' not in first  # an auditor registers nothing
    next_link = re.search(r'href="([^"]+)" rel="next"', first)
    assert next_link, "no next-page link"
    target = next_link.group(1).replace("&amp;", "&")
    for kept in (f"q={token}", "county=yaodu", "page=2"):
        assert kept in target
    second = auditor.get(target).text
    assert len(rows(second)) == 2
    assert set(rows(first)) | set(rows(second)) == made


def _registry_post(stack: WorkbenchStack, path: str, body: dict[str, object]) -> None:
    answer = httpx.post(
        stack.service_url("registry") + path, json=body, headers=stack.suite.headers(), timeout=10
    )
    assert answer.status_code in (200, 201), answer.text


def _issue(stack: WorkbenchStack, project_id: str, title: str) -> str:
    """An issue the county raises on the project, once the issues service knows it."""
    known = stack.service_url("issues") + f"/v1/known-projects/{project_id}"
    deadline = time.monotonic() + 30
    while httpx.get(known, headers=stack.suite.headers(), timeout=5).status_code != 200:
        assert time.monotonic() < deadline, "issues never learned the project"
        time.sleep(0.1)
    body = {
        "project_id": project_id,
        "category": "power_connection",
        "title": title,
        "description": "施工临时用电未接入",
        "raised_by": "county",
        "raised_on": "2026-03-12",
    }
    answer = httpx.post(
        stack.service_url("issues") + "/v1/issues",
        json=body,
        headers=stack.suite.headers("county", "yaodu"),
        timeout=10,
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["id"])


def test_project_page_shows_stages_clock_and_history(workbench_stack: WorkbenchStack) -> None:
    name = f"详情测试项目-{unique()}"
    project_id = register(workbench_stack, name)
    base = f"/v1/projects/{project_id}"
    _registry_post(workbench_stack, f"{base}/stage", {"stage": "started", "on": "2026-03-10"})
    _registry_post(
        workbench_stack,
        f"{base}/approvals",
        {"step": "project_code", "submitted_on": "2026-03-02", "granted_on": "2026-03-05"},
    )
    county = workbench_stack.signed_in("county", "yaodu")

    page = county.get(f"/projects/{project_id}")
    assert page.status_code == 200, page.text
    html = page.text
    assert name in html
    assert "招商引资和交通项目分指挥部" in html
    assert "交通" in html  # the sector by its Chinese name
    assert "2026-03-10" in html
    assert "已开工" in html
    assert "赋码立项" in html  # the approval step, named as the policy file names it
    assert f"登记项目「{name}」" in html  # the registry's audited timeline
    assert "阶段变更为 已开工" in html
    assert f'href="/projects/{project_id}/reports/new"' in html  # a county files reports
    assert f'href="/projects/{project_id}/stage"' in html

    title = f"施工用电未接入-{unique()}"
    other = _issue(workbench_stack, register(workbench_stack, f"他项目-{unique()}"), "他项目问题")
    issue = _issue(workbench_stack, project_id, title)
    deadline = time.monotonic() + 20
    while title not in html and time.monotonic() < deadline:
        time.sleep(0.3)  # the issue list is a read model
        html = county.get(f"/projects/{project_id}").text
    assert f'href="/issues/{issue}"' in html
    assert "已交办" in html
    assert f'href="/issues/{other}"' not in html  # only this project's issues


def test_a_county_never_sees_another_countys_project(workbench_stack: WorkbenchStack) -> None:
    token = unique()
    project_id = register(workbench_stack, f"尧都范围测试-{token}")
    office = workbench_stack.signed_in("office")
    assert rows(library_when(office, {"q": token}, 1)) == [project_id]

    houma = workbench_stack.signed_in("county", "houma")
    assert rows(houma.get("/projects", params={"q": token}).text) == []
    assert rows(houma.get("/projects", params={"q": token, "county": "yaodu"}).text) == []
    refused = houma.get(f"/projects/{project_id}")
    assert refused.status_code == 403
    assert "无权访问" in refused.text
    assert f"尧都范围测试-{token}" not in refused.text
    yaodu = workbench_stack.signed_in("county", "yaodu")
    assert rows(yaodu.get("/projects", params={"q": token}).text) == [project_id]
