"""审计 on the running stack: every service verifies, a project's events come back in
order with their actor and command, and no role but the auditor's gets in."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest

from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats]

SERVICES = {
    "registry": "项目登记",
    "issues": "问题清单",
    "scheduling": "会议调度",
    "assessment": "考核通报",
}


def _card(html: str, service: str) -> str:
    found = re.search(
        rf'<article class="audit-service (\w+)" data-service="{service}">(.*?)</article>',
        html,
        re.S,
    )
    assert found, f"no card for {service}"
    return f"{found.group(1)} {found.group(2)}"


def test_an_auditor_sees_every_service_verified(workbench_stack: WorkbenchStack) -> None:
    workbench_stack.register_project(name=f"审计测试项目-{uuid.uuid4().hex[:6]}")
    client = workbench_stack.signed_in("auditor")
    page = client.get("/audit")
    assert page.status_code == 200, page.text
    assert "四个服务均校验通过" in page.text
    for service, name in SERVICES.items():
        card = _card(page.text, service)
        assert card.startswith("ok "), card
        assert name in card
        assert "校验通过" in card
        assert re.search(r'data-field="events_checked">\d+<', card)
    registry = re.search(r'data-field="events_checked">(\d+)<', _card(page.text, "registry"))
    assert registry
    assert int(registry.group(1)) > 0
    # Shown again at once: the services' 10 s limit is respected, the answer reused.
    again = client.get("/audit")
    assert again.status_code == 200
    assert "四个服务均校验通过" in again.text
    assert "秒前的校验结果" in again.text


def test_a_projects_timeline_lists_its_events_in_order(workbench_stack: WorkbenchStack) -> None:
    project_id = workbench_stack.register_project(name=f"审计时间线项目-{uuid.uuid4().hex[:6]}")
    report = {"month": "2026-03", "investment_completed": "12.0000", "physical_progress": "开挖"}
    answer = httpx.post(
        workbench_stack.service_url("registry") + f"/v1/projects/{project_id}/reports",
        json=report,
        headers=workbench_stack.suite.headers("county", "yaodu"),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    client = workbench_stack.signed_in("auditor")
    page = client.get("/audit/timeline", params={"aggregate": project_id})
    assert page.status_code == 200
    html = page.text
    assert project_id in html
    version = answer.json()["version"]  # registering, reporting, and the light it changed
    assert f"共 {version} 条事件" in html
    versions = re.findall(r'<li data-version="(\d+)">', html)
    assert versions == [str(v) for v in range(1, version + 1)]
    kinds = re.findall(r"<b>([^<]+)</b> <code", html)
    assert kinds[:2] == ["登记", "填报进度"]
    assert "（指挥部办公室）" in html
    assert "（县（市、区） · 尧都区）" in html
    fragment = client.get(
        "/audit/timeline", params={"aggregate": project_id}, headers={"HX-Request": "true"}
    )
    assert fragment.status_code == 200
    assert "<html" not in fragment.text
    assert 'data-version="2"' in fragment.text


def test_a_bad_or_unknown_id_says_so(workbench_stack: WorkbenchStack) -> None:
    client = workbench_stack.signed_in("auditor")
    bad = client.get("/audit/timeline", params={"aggregate": "not-an-id"})
    assert bad.status_code == 200
    assert "编号格式不正确" in bad.text
    unknown = str(uuid.uuid4())
    none = client.get("/audit/timeline", params={"aggregate": unknown})
    assert "都没有编号为" in none.text


@pytest.mark.parametrize(("role", "unit"), [("office", None), ("county", "yaodu")])
def test_other_roles_are_refused_in_chinese(
    workbench_stack: WorkbenchStack, role: str, unit: str | None
) -> None:
    client = workbench_stack.signed_in(role, unit)
    for path in ("/audit", f"/audit/timeline?aggregate={uuid.uuid4()}"):
        page = client.get(path)
        assert page.status_code == 403
        assert "无权访问审计" in page.text
    assert 'href="/audit"' not in client.get("/").text
