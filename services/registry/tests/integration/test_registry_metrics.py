"""The business dashboard's registry figures: projects by stage, lights by county."""

from __future__ import annotations

from typing import Any

from prometheus_client.parser import text_string_to_metric_families


def _samples(api: Any, family: str) -> dict[tuple[tuple[str, str], ...], float]:
    text = api.client.get("/metrics").text
    found: dict[tuple[tuple[str, str], ...], float] = {}
    for metric in text_string_to_metric_families(text):
        if metric.name == family:
            for sample in metric.samples:
                found[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def test_projects_by_stage_and_lights_by_county(api: Any) -> None:
    first = api.register()
    api.register(county="houma", name="侯马项目")
    api.client.post(
        f"/v1/projects/{first['id']}/stage",
        json={"stage": "started", "on": "2026-03-10"},
        headers=api.auth(),
    )
    api.eventually(lambda: _samples(api, "kpd_projects").get((("stage", "started"),)) == 1)
    stages = _samples(api, "kpd_projects")
    assert stages[(("stage", "preparation"),)] == 1
    assert stages[(("stage", "operating"),)] == 0  # every stage listed, zero included

    api.client.post("/v1/admin/sweep", json={"as_of": "2026-05-15"}, headers=api.auth("operator"))
    # No May report: both are far behind 序时, so both are red overall.
    api.eventually(lambda: len(_samples(api, "kpd_project_lights")) == 2)
    assert _samples(api, "kpd_project_lights") == {
        (("county", "houma"), ("light", "red")): 1,
        (("county", "yaodu"), ("light", "red")): 1,
    }


def test_approval_clocks_by_step_and_state(api: Any) -> None:
    on_time = api.register()
    waiting = api.register(name="久等审批项目")
    steps = {
        on_time["id"]: {"submitted_on": "2025-09-26", "granted_on": "2025-10-16"},  # 10 of 20
        # Still pending more than 20 working days after March 2025, whatever today is.
        waiting["id"]: {"submitted_on": "2025-03-03", "granted_on": None},
    }
    for project_id, dates in steps.items():
        response = api.client.post(
            f"/v1/projects/{project_id}/approvals",
            json={"step": "project_code", **dates},
            headers=api.auth(),
        )
        assert response.status_code == 200, response.text

    def clock(state: str) -> float:
        found = _samples(api, "kpd_approval_clocks")
        return found.get((("state", state), ("step", "project_code")), 0)

    api.eventually(lambda: clock("overdue") == 1)
    assert clock("granted_in_time") == 1
    assert clock("running") == 0
    assert _samples(api, "kpd_approval_chains")[(("status", "breached"),)] == 1
