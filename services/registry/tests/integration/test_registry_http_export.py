"""The project library exported (SQLite and PostgreSQL): .xlsx that opens with openpyxl
with Chinese headers and names, money as numbers to four places, dates as dates, the
same rows as the list with the same filters; .csv in UTF-8 with a BOM."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import unquote

from openpyxl import load_workbook


def _export(api: Any, fmt: str, **params: Any) -> Any:
    answer = api.client.get(f"/v1/projects.{fmt}", params=params, headers=api.auth())
    assert answer.status_code == 200, answer.text
    return answer


def test_the_library_opens_in_excel_with_exact_figures(api: Any) -> None:
    api.register(name="临汾至吉县高速公路", total_investment="1234567.8901", year=2025)
    api.register(name="侯马经济开发区污水处理厂", county="houma", year=2025)
    listed = api.eventually(
        lambda: len(api.client.get("/v1/projects", headers=api.auth()).json()) == 2
    )
    assert listed
    answer = _export(api, "xlsx", year=2025)
    disposition = answer.headers["content-disposition"]
    assert 'filename="key-projects.xlsx"' in disposition
    assert unquote(disposition.split("filename*=UTF-8''")[1]) == "重点项目库.xlsx"
    sheet = load_workbook(io.BytesIO(answer.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:3] == ("项目名称", "县（市、区）", "行业")
    by_name = {row[0]: dict(zip(header, row, strict=True)) for row in rows[1:]}
    highway = by_name["临汾至吉县高速公路"]
    assert highway["县（市、区）"] == "尧都区"
    assert highway["阶段"] == "前期"
    assert Decimal(str(highway["总投资（万元）"])) == Decimal("1234567.8901")
    assert isinstance(highway["计划开工日期"], datetime | date)
    cell = next(c for c in sheet[2] if c.column_letter == "I")
    assert cell.number_format == "0.0000"
    assert by_name["侯马经济开发区污水处理厂"]["县（市、区）"] == "侯马市"

    only_houma = load_workbook(io.BytesIO(_export(api, "xlsx", county="houma").content)).active
    assert only_houma is not None
    assert [r[0] for r in only_houma.iter_rows(min_row=2, values_only=True)] == [
        "侯马经济开发区污水处理厂"
    ]


def test_the_csv_carries_a_bom_and_chinese_headers(api: Any) -> None:
    api.register(name="临汾至吉县高速公路", total_investment="12000.5000")
    api.eventually(lambda: api.client.get("/v1/projects", headers=api.auth()).json())
    answer = _export(api, "csv")
    assert answer.content.startswith("\ufeff".encode())
    reader = list(csv.reader(io.StringIO(answer.content.decode("utf-8-sig"))))
    assert reader[0][0] == "项目名称"
    assert reader[1][reader[0].index("总投资（万元）")] == "12000.5000"


def test_a_county_exports_only_its_own(api: Any) -> None:
    api.register(name="尧都项目")
    api.register(name="侯马项目", county="houma")
    api.eventually(lambda: len(api.client.get("/v1/projects", headers=api.auth()).json()) == 2)
    answer = api.client.get("/v1/projects.csv", headers=api.auth("county", "houma"))
    names = [row[0] for row in csv.reader(io.StringIO(answer.content.decode("utf-8-sig")))][1:]
    assert names == ["侯马项目"]
    assert api.client.get("/v1/projects.pdf", headers=api.auth()).status_code == 422
