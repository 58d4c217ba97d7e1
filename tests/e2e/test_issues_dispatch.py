"""The issue "Done when" on real processes (registry + issues), on SQLite and PostgreSQL.

The project and the notice's duty matrix arrive from the registry's events; an
issue raised on Friday 2025-09-26 is due 2025-10-16 (National Day holidays and
make-up days); the sweep escalates it only after that; only the department it
moved to resolves; only the project unit confirms; unsatisfied reopens,
satisfied closes; a month without substantive progress means 13710 supervision;
and the issue's events leave on KPD_ISSUES naming project, county and actor.
"""

from __future__ import annotations

from typing import Any

import httpx

from contracts.issues import IssueEscalated, IssueRaised, IssueSupervised
from tests.support import Suite, wait_for

UNIT = "unit-yaodu-001"


def _post(suite: Suite, path: str, body: Any, role: str, unit: str | None = None) -> httpx.Response:
    return httpx.post(
        suite.services["issues"].url + path,
        json=body,
        headers=suite.headers(role, unit),
        timeout=30,
    )


def _known(suite: Suite, project_id: str) -> bool:
    url = suite.services["issues"].url + f"/v1/known-projects/{project_id}"
    return httpx.get(url, headers=suite.headers(), timeout=5).status_code == 200


def _raise(suite: Suite, project_id: str) -> dict[str, Any]:
    body = {
        "project_id": project_id, "category": "land", "title": "项目用地手续未批",
        "description": "供地手续滞后", "raised_by": "project_unit", "raised_on": "2025-09-26",
    }  # fmt: skip
    answer = _post(suite, "/v1/issues", body, "project_unit", UNIT)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def test_issue_done_when_through_http(suite: Suite) -> None:
    suite.start("registry")
    suite.start("issues")
    project_id = suite.register_project(year=2025)
    wait_for(lambda: _known(suite, project_id), timeout=30, what="issues to learn the project")

    issue = _raise(suite, project_id)
    assert (issue["deadline"], issue["level"], issue["assignee"]) == (
        "2025-10-16",
        "county",
        "yaodu",
    )
    assert issue["responsible_department"] == "natural_resources"  # from OrgUnitRegistered
    path = f"/v1/issues/{issue['id']}"

    assert (
        _post(suite, "/v1/admin/sweep", {"as_of": "2025-10-15"}, "operator").json()["escalated"]
        == []
    )
    swept = _post(suite, "/v1/admin/sweep", {"as_of": "2025-10-17"}, "operator").json()
    assert [(e["to_level"], e["assignee"], e["deadline"]) for e in swept["escalated"]] == [
        ("department", "natural_resources", "2025-10-31")
    ]

    fix = {"resolution": "供地手续已办结", "on": "2025-10-20"}
    assert _post(suite, f"{path}/resolve", fix, "department", "finance").status_code == 403
    assert (
        _post(suite, f"{path}/resolve", fix, "department", "natural_resources").status_code == 200
    )
    visit = {"note": "回访企业", "on": "2025-10-21"}
    assert (
        _post(suite, f"{path}/follow-up", visit, "department", "natural_resources").status_code
        == 200
    )
    unhappy = {"satisfied": False, "comment": "证书未下发", "on": "2025-10-22"}
    for role, unit in (("office", None), ("county", "yaodu"), ("department", "natural_resources")):
        assert _post(suite, f"{path}/confirm", unhappy, role, unit).status_code == 403
    reopened = _post(suite, f"{path}/confirm", unhappy, "project_unit", UNIT).json()
    assert reopened["status"] == "reopened"
    _post(suite, f"{path}/resolve", {**fix, "on": "2025-10-23"}, "department", "natural_resources")
    _post(
        suite, f"{path}/follow-up", {**visit, "on": "2025-10-24"}, "department", "natural_resources"
    )
    happy = {**unhappy, "satisfied": True, "on": "2025-10-24"}
    assert _post(suite, f"{path}/confirm", happy, "project_unit", UNIT).json()["status"] == "closed"

    stalled = _raise(suite, project_id)
    supervised = _post(suite, "/v1/admin/sweep", {"as_of": "2025-10-28"}, "operator").json()
    assert {"issue_id": stalled["id"], "reason": "stalled"} in supervised["supervised"]
    state = httpx.get(
        suite.services["issues"].url + f"/v1/issues/{stalled['id']}",
        headers=suite.headers(), timeout=10,
    ).json()  # fmt: skip
    assert state["supervised"] is True
    assert state["supervision"]["reason"] == "stalled"

    def published(event_type: str) -> list[dict[str, Any]]:
        return [e.data for e in suite.cloud_events("KPD_ISSUES") if e.type == event_type]

    wait_for(lambda: len(published(IssueSupervised.type_name())) == 1, what="IssueSupervised")
    raised = [e for e in published(IssueRaised.type_name()) if e["issue_id"] == issue["id"]]
    assert raised[0]["project_id"] == project_id
    assert raised[0]["deadline"] == "2025-10-16"
    escalated = [e for e in published(IssueEscalated.type_name()) if e["issue_id"] == issue["id"]]
    assert escalated[0]["county"] == "yaodu"
    assert escalated[0]["reason"] == "deadline_missed"
