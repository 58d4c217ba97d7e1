"""Reports with photo refs (also by the project unit), and the project's history timeline."""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any
from uuid import UUID

from PIL import Image


def a_photo(api: Any, colour: tuple[int, int, int] = (10, 120, 30)) -> str:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), colour).save(buffer, format="JPEG")
    files = {"file": ("site.jpg", buffer.getvalue(), "image/jpeg")}
    created = api.client.post("/v1/photos", files=files, headers=api.auth("office"))
    assert created.status_code == 201, created.text
    ref: str = created.json()["ref"]
    return ref


def report(api: Any, project_id: str, auth: dict[str, str], **extra: Any) -> Any:
    body = {"month": "2026-03", "investment_completed": "120.5000", **extra}
    return api.client.post(f"/v1/projects/{project_id}/reports", json=body, headers=auth)


def test_photo_refs_must_name_uploaded_photos(api: Any) -> None:
    project = api.register()
    county = api.auth("county", "yaodu")
    unknown = report(api, project["id"], county, photos=[a_photo(api), "photo:" + "ab" * 32])
    assert unknown.status_code == 422, unknown.text
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert [e["field"] for e in unknown.json()["errors"]] == ["body.photos.1"]
    malformed = report(api, project["id"], county, photos=["photo:../../keys"])
    assert malformed.status_code == 422
    assert malformed.json()["errors"][0]["field"] == "body.photos.0"
    assert api.app.get_project(UUID(project["id"])).version == 1  # nothing was recorded
    ref = a_photo(api)
    kept = report(api, project["id"], county, photos=[ref, "oss://kpd/p1/2026-03-02.jpg"])
    assert kept.status_code == 200, kept.text
    assert kept.json()["reports"][0]["photos"] == [ref, "oss://kpd/p1/2026-03-02.jpg"]


def test_project_unit_files_only_its_own_projects_report(api: Any) -> None:
    own = api.register()
    other = api.register(project_unit="unit-yaodu-002", name="另一个项目")
    unit = api.auth("project_unit", "unit-yaodu-001")
    ref = a_photo(api)
    filed = report(api, own["id"], unit, photos=[ref])
    assert filed.status_code == 200, filed.text
    assert filed.json()["reports"][0]["photos"] == [ref]
    refused = report(api, other["id"], unit, photos=[ref])
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    # Reporting is all a project unit may write: stages stay with the county and HQ.
    stage = api.client.post(
        f"/v1/projects/{own['id']}/stage",
        json={"stage": "started", "on": "2026-03-10"},
        headers=unit,
    )
    assert stage.status_code == 403


def test_history_lists_every_event_with_actor_and_chinese_summary(api: Any) -> None:
    project = api.register()
    url = f"/v1/projects/{project['id']}"
    stage = api.client.post(
        f"{url}/stage",
        json={"stage": "started", "on": "2026-03-10"},
        headers=api.auth("county", "yaodu"),
    )
    assert stage.status_code == 200, stage.text
    unit = api.auth("project_unit", "unit-yaodu-001")
    assert report(api, project["id"], unit, photos=[a_photo(api)]).status_code == 200
    assert report(api, project["id"], unit, investment_completed="100").status_code == 200

    response = api.client.get(f"{url}/history", headers=api.auth("county", "yaodu"))
    assert response.status_code == 200, response.text
    history = response.json()
    assert [h["version"] for h in history] == list(range(1, len(history) + 1))
    assert len(history) == api.app.get_project(UUID(project["id"])).version
    by_type = {h["event_type"]: h for h in history}
    assert history[0]["event_type"] == "Registered"
    assert [h["event_type"] for h in history if h["event_type"] != "WarningChanged"] == [
        "Registered",
        "StageChanged",
        "ProgressReported",
        "ProgressReported",
    ]
    registered, started = by_type["Registered"], by_type["StageChanged"]
    assert (registered["actor"], registered["actor_role"], registered["actor_unit"]) == (
        "test-office", "office", None,
    )  # fmt: skip
    assert registered["command"] == "register_project"
    assert registered["summary"] == "登记项目「临汾市尧都区综合管廊工程」"
    assert (started["actor"], started["actor_role"], started["actor_unit"]) == (
        "test-county", "county", "yaodu",
    )  # fmt: skip
    assert started["summary"].startswith("阶段变更为 已开工")
    reports = [h for h in history if h["event_type"] == "ProgressReported"]
    assert [(h["actor_role"], h["actor_unit"]) for h in reports] == [
        ("project_unit", "unit-yaodu-001")
    ] * 2
    assert reports[0]["summary"] == "填报 2026-03 月度进度(完成投资 120.5000 万元,照片 1 张)"
    assert reports[1]["summary"].startswith("更正 2026-03 月度进度")
    times = [datetime.fromisoformat(h["recorded_at"]) for h in history]
    assert all(t.tzinfo is not None for t in times)
    assert times == sorted(times)
    for entry in history:
        assert set(entry) == {
            "version", "event_type", "recorded_at", "actor", "actor_role",
            "actor_unit", "command", "summary",
        }  # fmt: skip
        for internal in ("originator", "topic", "registry.", "__", "{"):
            assert internal not in entry["summary"], entry


def test_history_is_scoped_like_the_project(api: Any) -> None:
    project = api.register()
    url = f"/v1/projects/{project['id']}/history"
    get = api.client.get
    assert get(url, headers=api.auth("county", "houma")).status_code == 403
    assert get(url, headers=api.auth("project_unit", "unit-other")).status_code == 403
    assert get(url, headers=api.auth("operator")).status_code == 403
    assert get(url, headers=api.auth("leader", "leader-wang")).status_code == 403
    for role, unit in [("county", "yaodu"), ("auditor", None), ("commander", None)]:
        assert get(url, headers=api.auth(role, unit)).status_code == 200
    assert get(url, headers=api.auth("project_unit", "unit-yaodu-001")).status_code == 200
    assert get(url).status_code == 401
    missing = get("/v1/projects/00000000-0000-4000-8000-000000000000/history", headers=api.auth())
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")
