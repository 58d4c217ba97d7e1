"""Projects over HTTP on both stores: reports and corrections, stages, scopes, as_of, lists."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from tests.support import PROJECT


def report(api: Any, project_id: str, month: str, amount: str, **extra: Any) -> Any:
    return api.client.post(
        f"/v1/projects/{project_id}/reports",
        json={
            "month": month,
            "investment_completed": amount,
            "physical_progress": "施工中",
            **extra,
        },
        headers=api.auth("county", "yaodu"),
    )


def test_cumulative_after_a_correction_is_exact_to_the_cent(api: Any) -> None:
    project = api.register()
    assert (
        report(
            api, project["id"], "2026-03", "1234.5678", photos=["oss://kpd/p1/2026-03-01.jpg"]
        ).status_code
        == 200
    )
    assert report(api, project["id"], "2026-04", "100.0001").status_code == 200
    corrected = report(api, project["id"], "2026-03", "1000.1234")
    assert corrected.status_code == 200, corrected.text
    body = corrected.json()
    assert body["cumulative_investment"] == "1100.1235"
    assert body["year_to_date_investment"] == "1100.1235"
    assert [r["correction"] for r in body["reports"]] == [False, False, True]
    assert body["reports"][0]["photos"] == ["oss://kpd/p1/2026-03-01.jpg"]
    assert corrected.headers["etag"] == f'"{body["version"]}"'
    listed = api.eventually(
        lambda: [
            p
            for p in api.client.get("/v1/projects", headers=api.auth()).json()
            if p["cumulative_investment"] == "1100.1235"
        ]
    )
    assert listed[0]["id"] == project["id"]


@pytest.mark.parametrize(
    ("path", "body", "field"),
    [
        (
            "reports",
            {"month": "2026-03", "investment_completed": "-0.0001"},
            "investment_completed",
        ),
        (
            "reports",
            {"month": "2026-03", "investment_completed": "1.00001"},
            "investment_completed",
        ),
        ("reports", {"month": "2026-13", "investment_completed": "1"}, "month"),
        ("reports", {"month": "2026-03", "investment_completed": "1", "extra": 1}, "extra"),
        ("stage", {"stage": "started", "on": "2026-03-02", "by": "me"}, "by"),
        ("stage", {"stage": "demolished", "on": "2026-03-02"}, "stage"),
        ("approvals", {"step": "project_code", "submitted_on": "2026-09-26", "x": 1}, "x"),
    ],
)
def test_bad_bodies_get_422_problem_json_naming_the_field(
    api: Any, path: str, body: dict[str, Any], field: str
) -> None:
    project = api.register()
    response = api.client.post(
        f"/v1/projects/{project['id']}/{path}", json=body, headers=api.auth()
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert any(field in e["field"] for e in response.json()["errors"])


def test_negative_project_amount_is_refused(api: Any) -> None:
    response = api.client.post(
        "/v1/projects",
        json={**_project(), "annual_planned_investment": "-5"},
        headers=api.auth(),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("annual_planned_investment")


def _project() -> dict[str, Any]:
    return dict(PROJECT)


def test_illegal_stage_change_is_409_saying_why(api: Any) -> None:
    project = api.register()
    url = f"/v1/projects/{project['id']}/stage"
    skipped = api.client.post(
        url, json={"stage": "completed", "on": "2026-03-10"}, headers=api.auth()
    )
    assert skipped.status_code == 409
    assert skipped.headers["content-type"].startswith("application/problem+json")
    assert "不能从前期变为竣工" in skipped.json()["detail"]
    started = api.client.post(
        url, json={"stage": "started", "on": "2026-03-10"}, headers=api.auth("county", "yaodu")
    )
    assert started.status_code == 200
    assert started.json()["stage"] == "started"
    stale = api.client.post(
        url,
        json={"stage": "completed", "on": "2026-10-10"},
        headers={**api.auth(), "If-Match": '"1"'},
    )
    assert stale.status_code == 412


def test_roles_and_scopes(api: Any) -> None:
    project = api.register()
    url = f"/v1/projects/{project['id']}"
    get = api.client.get
    assert get(url, headers=api.auth("county", "yaodu")).status_code == 200
    assert get(url, headers=api.auth("county", "houma")).status_code == 403
    assert get(url, headers=api.auth("project_unit", "unit-yaodu-001")).status_code == 200
    assert get(url, headers=api.auth("project_unit", "unit-other")).status_code == 403
    assert get(url, headers=api.auth("operator")).status_code == 403
    assert (
        get(url, headers=api.auth("subcommand_commander", "investment_transport")).status_code
        == 200
    )
    assert get(url, headers=api.auth("leader", "leader-wang")).status_code == 403
    writes = api.client.post(
        f"{url}/reports",
        json={"month": "2026-03", "investment_completed": "1"},
        headers=api.auth("county", "houma"),
    )
    assert writes.status_code == 403
    by_unit = api.client.post(
        f"{url}/reports",
        json={"month": "2026-03", "investment_completed": "1"},
        headers=api.auth("project_unit", "unit-yaodu-001"),
    )
    assert by_unit.status_code == 200, by_unit.text  # a project unit files its own report
    assert (
        api.client.post(
            "/v1/projects", json=_project(), headers=api.auth("county", "houma")
        ).status_code
        == 403
    )
    sponsor = api.client.post(
        f"{url}/sponsor",
        json={"leader": "leader-wang", "on": "2026-04-01"},
        headers=api.auth("commander"),
    )
    assert sponsor.status_code == 200, sponsor.text
    assert get(url, headers=api.auth("leader", "leader-wang")).status_code == 200
    visit = {"leader": "leader-wang", "on": "2026-05-06", "kind": "site_survey", "notes": "调研"}
    other_leader = api.client.post(
        f"{url}/visits", json=visit, headers=api.auth("leader", "leader-li")
    )
    assert other_leader.status_code == 403
    own = api.client.post(f"{url}/visits", json=visit, headers=api.auth("leader", "leader-wang"))
    assert own.status_code == 200
    assert own.json()["visits"][0]["kind"] == "site_survey"
    mine = api.eventually(
        lambda: api.client.get("/v1/projects", headers=api.auth("leader", "leader-wang")).json()
    )
    assert [p["id"] for p in mine] == [project["id"]]
    assert api.client.get("/v1/projects", headers=api.auth("leader", "leader-li")).json() == []


def test_as_of_rebuilds_the_past_state(api: Any) -> None:
    project = api.register()
    report(api, project["id"], "2026-03", "10.0000")
    between = datetime.now(UTC)
    report(api, project["id"], "2026-03", "12.5000")
    then = api.client.get(
        f"/v1/projects/{project['id']}", params={"as_of": between.isoformat()}, headers=api.auth()
    )
    assert then.status_code == 200
    assert then.json()["cumulative_investment"] == "10.0000"
    now = api.client.get(f"/v1/projects/{project['id']}", headers=api.auth())
    assert now.json()["cumulative_investment"] == "12.5000"
    before = api.client.get(
        f"/v1/projects/{project['id']}",
        params={"as_of": "2020-01-01T00:00:00+08:00"},
        headers=api.auth(),
    )
    assert before.status_code == 404


def test_list_filters_by_county_year_stage_and_warning(api: Any) -> None:
    first = api.register()
    api.register(county="houma", name="侯马项目")
    api.register(year=2027, planned_start="2027-03-01", name="明年项目")
    api.client.post(
        f"/v1/projects/{first['id']}/stage",
        json={"stage": "started", "on": "2026-03-10"},
        headers=api.auth(),
    )

    def ids(**params: Any) -> list[str]:
        rows = api.client.get("/v1/projects", params=params, headers=api.auth()).json()
        return [r["id"] for r in rows]

    api.eventually(lambda: ids(stage="started") == [first["id"]])
    assert len(ids(year=2026)) == 2
    assert len(ids(county="houma")) == 1
    county_view = api.client.get("/v1/projects", headers=api.auth("county", "houma")).json()
    assert [p["county"] for p in county_view] == ["houma"]
    sweep = api.client.post(
        "/v1/admin/sweep", json={"as_of": "2026-05-15"}, headers=api.auth("operator")
    )
    assert sweep.status_code == 200, sweep.text
    assert sweep.json()["warnings_changed"] == 2
    # No May report: both are 41.67 points behind 序时, so both are red overall.
    red = api.eventually(lambda: ids(warning="red") if len(ids(warning="red")) == 2 else [])
    assert first["id"] in red
    started = api.client.get(
        "/v1/warnings", params={"month": "2026-05"}, headers=api.auth("county", "yaodu")
    ).json()
    assert [(w["start_light"], w["investment_light"]) for w in started] == [("green", "red")]
    warnings = api.client.get(
        "/v1/warnings", params={"month": "2026-05", "county": "houma"}, headers=api.auth()
    ).json()
    assert [(w["start_light"], w["overall"]) for w in warnings] == [("red", "red")]
    again = api.client.post(
        "/v1/admin/sweep", json={"as_of": "2026-05-15"}, headers=api.auth("office")
    )
    assert again.json()["warnings_changed"] == 0
    assert (
        api.client.post(
            "/v1/admin/sweep", json={"as_of": "2026-05-15"}, headers=api.auth("county", "yaodu")
        ).status_code
        == 403
    )
