"""排名通报 and 月度专报 on the running stack: a month's ranking shows the counties by their
Chinese names in the service's order and ranks, the office publishes the notice (a
second time only with a reason), and the brief downloads as DOCX with a Chinese name."""

from __future__ import annotations

import re
import time
import uuid
from typing import Any
from urllib.parse import quote

import httpx
import pytest

from servicekit.core.clock import SystemClock
from tests.workbench_support import WorkbenchStack, post_form

pytestmark = [pytest.mark.nats]
COUNTIES = {"yaodu": "尧都区", "houma": "侯马市", "hongtong": "洪洞县"}
AMOUNTS = {"yaodu": "700.0000", "houma": "150.0000", "hongtong": "400.0000"}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _registry(stack: WorkbenchStack, path: str, body: dict[str, Any]) -> None:
    answer = httpx.post(
        stack.service_url("registry") + path, json=body, headers=stack.suite.headers(), timeout=10
    )
    assert answer.status_code in (200, 201), answer.text


def ranked_year(stack: WorkbenchStack) -> int:
    """A year of its own with projects in three counties, started and reported differently."""
    year = stack.fresh_year()
    for county, amount in AMOUNTS.items():
        project_id = stack.register_project(
            name=f"排名测试项目-{uuid.uuid4().hex[:6]}",
            county=county,
            project_unit=f"unit-{county}-001",
            year=year,
            annual_planned_investment="1000.0000",
            planned_start=f"{year}-03-01",
            planned_completion=f"{year + 1}-12-31",
        )
        if county != "houma":
            _registry(
                stack,
                f"/v1/projects/{project_id}/stage",
                {"stage": "started", "on": f"{year}-04-10"},
            )
        body = {
            "month": f"{year}-05",
            "investment_completed": amount,
            "physical_progress": "推进中",
        }
        _registry(stack, f"/v1/projects/{project_id}/reports", body)
    return year


def ranking_when(stack: WorkbenchStack, month: str, timeout: float = 30.0) -> dict[str, Any]:
    """The assessment API's ranking once it has folded every report of ``ranked_year``."""
    deadline = time.monotonic() + timeout
    while True:
        answer: dict[str, Any] = httpx.get(
            stack.service_url("assessment") + f"/v1/rankings/{month}",
            headers=stack.suite.headers(),
            timeout=10,
        ).json()
        rows = {r["county"]: r for r in answer["rows"]}
        done = all(c in rows for c in COUNTIES) and all(
            rows[c]["investment_completed"] == AMOUNTS[c] and rows[c]["started"] == (c != "houma")
            for c in COUNTIES
        )
        if done or time.monotonic() > deadline:
            return answer
        time.sleep(0.3)


def _table_rows(html: str) -> list[tuple[str, str, str]]:
    """(county id, rank, Chinese name) of each ranking row, in page order."""
    return re.findall(
        r'<tr class="[^"]*" data-county="([^"]+)">\s*'
        r'<td class="num"><b>(\d+)</b></td>\s*<td>([^<]+)</td>',
        html,
    )


def test_the_ranking_shows_counties_by_chinese_name_with_the_services_ranks(
    workbench_stack: WorkbenchStack,
) -> None:
    year = ranked_year(workbench_stack)
    month = f"{year}-06"
    answer = ranking_when(workbench_stack, month)
    client = workbench_stack.signed_in("county", "houma")
    html = client.get(f"/rankings/{month}").text
    expected = [(r["county"], str(r["rank"]), r["name"]) for r in answer["rows"]]
    assert _table_rows(html) == expected
    assert {c for c, _, _ in expected} >= set(COUNTIES)
    shown = {county: name for county, _, name in _table_rows(html)}
    assert all(shown[c] == name for c, name in COUNTIES.items())
    assert f"{year}年6月" in html
    assert "序时进度 50.0%" in html
    assert "未发布" in html
    assert '<script type="application/json" id="rk-data">' in html
    assert 'id="rk-score-chart"' in html
    assert "发布" + f"{year}年6月通报" not in html  # a county may read, not publish
    assert ">yaodu<" not in html
    assert ">houma<" not in html

    latest = client.get("/rankings")
    assert latest.status_code == 303
    today = SystemClock().today()
    previous = f"{today.year - (today.month == 1)}-{(today.month - 2) % 12 + 1:02d}"
    assert latest.headers["location"] == f"/rankings/{previous}"
    assert (
        client.get("/rankings", params={"month": month}).headers["location"] == f"/rankings/{month}"
    )


def test_the_office_publishes_the_notice_and_reissues_only_with_a_reason(
    workbench_stack: WorkbenchStack,
) -> None:
    year = ranked_year(workbench_stack)
    month = f"{year}-06"
    office = workbench_stack.signed_in("office")
    page = f"/rankings/{month}"
    ranking_when(workbench_stack, month)
    published = post_form(office, page + "/notice", {"reason": ""}, page=page)
    assert published.status_code == 303, published.text
    html = office.get(published.headers["location"]).text
    assert f"已发布{year}年6月通报（第 1 版）" in html
    assert "已发布</span>" in html
    assert "提醒与约谈" in html
    assert "重新发布通报" in html

    again = post_form(office, page + "/notice", {"reason": ""}, page=page)
    assert again.status_code == 422
    assert re.search(r'has-error">重新发布理由[^<]*\s*<input name="reason"', again.text)
    reissued = post_form(office, page + "/notice", {"reason": "洪洞县更正了5月数据"}, page=page)
    assert reissued.status_code == 303
    html = office.get(reissued.headers["location"]).text
    assert "第 2 版" in html
    assert "洪洞县更正了5月数据" in html


def test_the_brief_downloads_as_docx_with_a_chinese_file_name(
    workbench_stack: WorkbenchStack,
) -> None:
    year = ranked_year(workbench_stack)
    month = f"{year}-06"
    ranking_when(workbench_stack, month)
    leader = workbench_stack.signed_in("commander")
    listing = leader.get("/briefs", params={"month": month})
    assert listing.status_code == 200
    assert f'href="/briefs/{month}.docx"' in listing.text
    assert f"{year}年6月" in listing.text
    assert "发布专报" not in listing.text  # only the office publishes

    docx = leader.get(f"/briefs/{month}.docx")
    assert docx.status_code == 200, docx.text
    assert docx.content[:2] == b"PK"
    assert docx.headers["content-type"] == DOCX
    name = quote(f"临汾市重点工程项目月度专报（{year}年6月）.docx")
    disposition = docx.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{name}" in disposition

    html = leader.get(f"/briefs/{month}.html")
    assert html.status_code == 200
    assert html.headers["content-type"].startswith("text/html")
    assert "sandbox" in html.headers["content-security-policy"]
    pdf = leader.get(f"/briefs/{month}.pdf")
    if pdf.status_code == 200:
        assert pdf.content[:4] == b"%PDF"
    else:  # the service lacks WeasyPrint: the person reads why, in Chinese
        assert pdf.status_code == 422
        assert f"暂时无法提供{year}年6月专报的PDF版" in pdf.text
        assert "WeasyPrint" in pdf.text

    office = workbench_stack.signed_in("office")
    page = f"/briefs?month={month}"
    assert f'action="/briefs/{month}/publish"' in office.get(page).text
    first = post_form(office, f"/briefs/{month}/publish", {"reason": "", "last": month}, page=page)
    assert first.status_code == 303, first.text
    assert f"已发布{year}年6月专报（第 1 版）" in office.get(first.headers["location"]).text
    second = post_form(office, f"/briefs/{month}/publish", {"reason": "", "last": month}, page=page)
    assert second.status_code == 422
    assert 'class="field-error"' in second.text
