"""Registry → assessment → scheduling as real processes: the assessment issue's "Done when".

Four counties with 2026 plans of 1200 万元 each report 300 / 50 / 20 / 0 a month;
March ranks them in that order (the first at 75 %), the notices of January,
February and March give nothing, reminders, then interviews for the other three;
scheduling turns the last county's interview into a meeting; the March brief
names the lagging counties in Chinese and downloads as DOCX.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from typing import Any

import httpx
from docx import Document

from tests.support import Suite, wait_for

MONTHLY = {"yaodu": "300", "houma": "50", "huozhou": "20", "quwo": "0"}
NAMES = {"houma": "侯马市", "huozhou": "霍州市", "quwo": "曲沃县"}


def _post(url: str, body: dict[str, Any], headers: dict[str, str]) -> httpx.Response:
    response = httpx.post(url, json=body, headers=headers, timeout=10)
    assert response.status_code in (200, 201), response.text
    return response


def test_rankings_consequences_interview_and_brief(suite: Suite) -> None:
    registry = suite.start("registry")
    assessment = suite.start("assessment")
    scheduling = suite.start("scheduling")
    office = suite.headers("office")
    projects = {
        county: suite.register_project(
            county=county,
            name=f"{county} 2026 重点项目",
            project_unit=f"unit-{county}",
            planned_start="2026-01-01",
        )
        for county in MONTHLY
    }
    for month in ("2026-01", "2026-02", "2026-03"):
        for county, amount in MONTHLY.items():
            _post(
                f"{registry.url}/v1/projects/{projects[county]}/reports",
                {"month": month, "investment_completed": amount, "physical_progress": "推进中"},
                office,
            )
    last_registry_seq = suite.stream_events("KPD_REGISTRY")[-1][0]

    def ranking() -> dict[str, Any]:
        answer = httpx.get(f"{assessment.url}/v1/rankings/2026-03", headers=office, timeout=10)
        body: dict[str, Any] = answer.json()
        return body

    wait_for(
        lambda: ranking()["source_positions"].get("KPD_REGISTRY", 0) >= last_registry_seq,
        timeout=30,
        what="assessment to consume the registry's events",
    )
    rows = ranking()["rows"]
    assert [row["county"] for row in rows] == list(MONTHLY)
    assert Decimal(rows[0]["investment_rate"]) == Decimal("75")
    assert [row["low"] for row in rows] == [False, True, True, True]

    consequences = []
    for month in ("2026-01", "2026-02", "2026-03"):
        notice = _post(f"{assessment.url}/v1/notices/{month}", {}, office).json()
        consequences.append({(c["county"], c["kind"]) for c in notice["consequences"]})
    laggards = ("houma", "huozhou", "quwo")
    assert consequences == [
        set(),
        {(county, "reminder") for county in laggards},
        {(county, "interview") for county in laggards},
    ]

    def interview_meeting_for_quwo() -> bool:
        try:
            events = suite.cloud_events("KPD_SCHEDULING")
        except Exception:  # an empty stream cannot be read yet
            return False
        for event in events:
            data = event.data
            if (
                event.type.endswith(".MeetingScheduled.v1")
                and data.get("series") == "interview"
                and data.get("county") == "quwo"
            ):
                return True
        return False

    wait_for(interview_meeting_for_quwo, timeout=30, what="scheduling's interview for 曲沃县")

    brief = httpx.get(
        f"{assessment.url}/v1/briefs/2026-03", params={"format": "md"}, headers=office, timeout=30
    )
    assert brief.status_code == 200, brief.text
    assert all(name in brief.text for name in NAMES.values())
    docx = httpx.get(
        f"{assessment.url}/v1/briefs/2026-03", params={"format": "docx"}, headers=office, timeout=30
    )
    assert docx.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(docx.content)).paragraphs)
    assert all(words in text for words in ("排名靠后", *NAMES.values()))
    published = [json.loads(data)["type"] for _, _, data in suite.stream_events("KPD_ASSESSMENT")]
    assert published.count("kpd.assessment.CountyInterviewRequired.v1") == 3
    assert scheduling.pid is not None
