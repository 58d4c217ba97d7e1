"""The monthly ranking exported: the same figures as the API, in rank order, counties by
name, rates as numbers, money to four places; CSV with a BOM."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from openpyxl import load_workbook

from services.assessment.tests.assessment_feeding import feed_done_when
from services.assessment.tests.integration.test_assessment_http import Api, api

__all__ = ["api"]  # the fixture, shared with the HTTP tests


def test_the_ranking_opens_in_excel_with_the_apis_figures(api: Api) -> None:
    feed_done_when(api.feeder)
    figures = api.client.get("/v1/rankings/2026-03", headers=api.auth()).json()["rows"]
    answer = api.client.get("/v1/rankings/2026-03.xlsx", headers=api.auth("county", "quwo"))
    assert answer.status_code == 200, answer.text
    assert "ranking-2026-03.xlsx" in answer.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    header, *rows = list(sheet.iter_rows(values_only=True))
    assert header[:3] == ("名次", "县（市、区）", "得分")
    records = [dict(zip(header, row, strict=True)) for row in rows]
    assert [r["县（市、区）id"] for r in records] == [f["county"] for f in figures]
    assert [r["名次"] for r in records] == [f["rank"] for f in figures]
    first, api_first = records[0], figures[0]
    assert Decimal(str(first["投资完成率（%）"])) == Decimal(api_first["investment_rate"])
    assert Decimal(str(first["完成投资（万元）"])) == Decimal(api_first["investment_completed"])
    assert first["县（市、区）"] == api_first["name"]

    text = api.client.get("/v1/rankings/2026-03.csv", headers=api.auth()).content
    assert text.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))
    assert lines[1][lines[0].index("完成投资（万元）")] == api_first["investment_completed"]
    assert api.client.get("/v1/rankings/2026-13.xlsx", headers=api.auth()).status_code == 422
