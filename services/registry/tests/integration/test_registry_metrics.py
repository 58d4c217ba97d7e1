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
