"""The assessment HTTP API in process (TestClient) on SQLite and PostgreSQL.

Other services' events are fed through assessment's own consumer handlers, as
the consumer runner would apply them; the cross-service path is in tests/e2e.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from docx import Document
from fastapi.testclient import TestClient

from assessment.application import Assessment
from assessment.main import create_app, migrate
from servicekit.dev.testing import local_settings, token_for
from services.assessment.tests.assessment_feeding import Feeder, feed_done_when


@dataclass
class Api:
    client: TestClient
    key: Path
    feeder: Feeder

    def auth(self, role: str = "office", unit: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(self.key, role, unit)}"}


@pytest.fixture
def api(tmp_path: Path, database_url: str) -> Iterator[Api]:
    settings = local_settings("assessment", tmp_path / "var", database_url)
    migrate(settings)
    with TestClient(create_app(settings)) as client:
        app = client.app.state.runtime.app  # type: ignore[attr-defined]
        assert isinstance(app, Assessment)
        yield Api(client, settings.dev_key_path, Feeder(app))


def test_done_when_rankings_notices_and_brief(api: Api) -> None:
    feed_done_when(api.feeder)
    ranking = api.client.get("/v1/rankings/2026-03", headers=api.auth("county", "quwo"))
    assert ranking.status_code == 200, ranking.text
    rows = ranking.json()["rows"]
    assert [r["county"] for r in rows] == ["yaodu", "houma", "huozhou", "quwo"]
    assert Decimal(rows[0]["investment_rate"]) == 75
    assert [r["low"] for r in rows] == [False, True, True, True]

    kinds = []
    for month in ("2026-01", "2026-02", "2026-03"):
        answer = api.client.post(f"/v1/notices/{month}", headers=api.auth())
        assert answer.status_code == 201, answer.text
        kinds.append({c["kind"] for c in answer.json()["consequences"]})
    assert kinds == [set(), {"reminder"}, {"interview"}]

    again = api.client.post("/v1/notices/2026-03", headers=api.auth())
    assert again.status_code == 409
    assert again.headers["content-type"].startswith("application/problem+json")
    reissued = api.client.post(
        "/v1/notices/2026-03", json={"reason": "更正霍州市数据"}, headers=api.auth()
    )
    assert reissued.status_code == 201
    assert reissued.json()["notice_version"] == 2
    first = api.client.get("/v1/notices/2026-03?notice_version=1", headers=api.auth("auditor"))
    assert first.json()["notice_version"] == 1
    check = api.client.get("/v1/notices/2026-03/recompute", headers=api.auth("auditor"))
    assert check.json()["matches"] is True, check.json()

    published = api.client.post("/v1/briefs/2026-03", headers=api.auth())
    assert published.status_code == 201, published.text
    assert published.json()["lagging_counties"] == ["houma", "huozhou", "quwo"]
    assert published.json()["lagging_county_names"] == ["侯马市", "霍州市", "曲沃县"]
    markdown = api.client.get("/v1/briefs/2026-03?format=md", headers=api.auth("leader", "x"))
    assert all(name in markdown.text for name in ("侯马市", "霍州市", "曲沃县"))
    assert "75.0%" in markdown.text
    html = api.client.get("/v1/briefs/2026-03", headers=api.auth("commander"))
    assert html.headers["content-type"].startswith("text/html")
    assert "data:image/png;base64," in html.text
    docx = api.client.get("/v1/briefs/2026-03?format=docx", headers=api.auth())
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert all(words in text for words in ("排名靠后", "曲沃县"))
    metrics = api.client.get("/metrics").text
    assert 'kpd_consequences_total{kind="interview"} 3.0' in metrics
    assert "kpd_notices_published_total 4.0" in metrics
    # The latest published month's ranking (the re-issued March), 1 first.
    assert 'kpd_county_rank{county="yaodu",month="2026-03"} 1.0' in metrics
    assert 'kpd_county_rank{county="quwo",month="2026-03"} 4.0' in metrics
    assert 'month="2026-02"' not in metrics


def test_roles_and_bad_input(api: Api) -> None:
    assert api.client.get("/v1/rankings/2026-03").status_code == 401
    county = api.client.post("/v1/notices/2026-03", headers=api.auth("county", "quwo"))
    assert county.status_code == 403
    operator = api.client.get("/v1/rankings/2026-03", headers=api.auth("operator"))
    assert operator.status_code == 403
    bad = api.client.get("/v1/rankings/2026-13", headers=api.auth())
    assert bad.status_code == 422
    unknown = api.client.post("/v1/notices/2026-03", json={"surprise": 1}, headers=api.auth())
    assert unknown.status_code == 422
    assert api.client.get("/v1/notices/2026-03", headers=api.auth()).status_code == 404


def test_year_end_proposal_and_approval(api: Api) -> None:
    feed_done_when(api.feeder)
    for month in ("2026-01", "2026-02", "2026-03"):
        api.client.post(f"/v1/notices/{month}", headers=api.auth())
    draft = api.client.get("/v1/assessments/2026", headers=api.auth("commander"))
    assert draft.status_code == 200, draft.text
    assert draft.json()["published"] is False
    early = api.client.post("/v1/assessments/2026/approval", headers=api.auth("commander"))
    assert early.status_code == 409
    published = api.client.post("/v1/assessments/2026", headers=api.auth())
    assert published.status_code == 201, published.text
    counties = [r for r in published.json()["rows"] if r["kind"] == "county"]
    assert (counties[0]["unit"], counties[0]["rank"]) == ("yaodu", 1)
    assert {r["unit"]: r["interviews"] for r in counties}["quwo"] == 1
    # The notice versions whose interviews were counted, so the scores stay reproducible.
    assert set(published.json()["counted_notices"]) == {"2026-01", "2026-02", "2026-03"}
    proposal = api.client.post(
        "/v1/assessments/2026/proposals", json={"reason": "按得分建议"}, headers=api.auth()
    )
    assert proposal.status_code == 200, proposal.text
    assert proposal.json()["proposal"]["yaodu"] == "reward"
    office_approval = api.client.post("/v1/assessments/2026/approval", headers=api.auth())
    assert office_approval.status_code == 403
    approved = api.client.post("/v1/assessments/2026/approval", headers=api.auth("commander"))
    assert approved.status_code == 200
    assert approved.json()["approved"] == proposal.json()["proposal"]
