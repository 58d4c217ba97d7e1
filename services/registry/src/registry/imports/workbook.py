"""The project import workbook: the template the office fills, and reading it back.

The template has Chinese headers and drop-down lists (county, sector, level, 是/否)
drawn from the organisation as it is, so most mistakes cannot be typed. Reading
accepts what a person writes: a county or sector by its Chinese name or its id, a
date cell or ``YYYY-MM-DD``, money as a number or text with up to four places. Every
bad cell is reported with its row and column, in Chinese; nothing is guessed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from contracts.labels import PROJECT_LEVEL_LABELS

SHEET = "项目"
LISTS = "选项"
MAX_ROWS = 5000
IDENTIFIER = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
YES, NO = "是", "否"


@dataclass(frozen=True)
class ImportColumn:
    key: str
    header: str
    kind: str  # text | county | sector | level | year | unit | money | date | flag
    width: int = 16


FIELDS = (
    ImportColumn("name", "项目名称", "text", 40),
    ImportColumn("county", "县（市、区）", "county"),
    ImportColumn("sector", "行业", "sector"),
    ImportColumn("level", "级别", "level", 12),
    ImportColumn("year", "年度", "year", 8),
    ImportColumn("project_unit", "项目单位 id", "unit", 24),
    ImportColumn("total_investment", "总投资（万元）", "money"),
    ImportColumn("annual_planned_investment", "年度计划投资（万元）", "money", 20),
    ImportColumn("planned_start", "计划开工日期", "date", 14),
    ImportColumn("planned_completion", "计划竣工日期", "date", 14),
    ImportColumn("is_new", "新开工项目", "flag", 12),
    ImportColumn("is_industrial", "工业项目", "flag", 12),
)
HEADER_OF = {f.key: f.header for f in FIELDS}


@dataclass(frozen=True)
class Choices:
    """What the drop-downs offer and what names read back as: id → Chinese name."""

    counties: Mapping[str, str]
    sectors: Mapping[str, str]
    levels: Mapping[str, str] = field(default_factory=lambda: dict(PROJECT_LEVEL_LABELS))


@dataclass
class ParsedRow:
    number: int  # the Excel row number, as people see it
    values: dict[str, Any]


@dataclass
class Parsed:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def refuse(self, row: int, column: str, reason: str) -> None:
        self.errors.append({"row": row, "column": column, "reason": reason})


def template(choices: Choices) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([f.header for f in FIELDS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    lists = book.create_sheet(LISTS)
    columns = {
        "county": list(choices.counties.values()),
        "sector": list(choices.sectors.values()),
        "level": list(choices.levels.values()),
        "flag": [YES, NO],
    }
    for index, (kind, names) in enumerate(columns.items()):
        letter = "ABCD"[index]
        lists.cell(row=1, column=index + 1, value=kind)
        for row, name in enumerate(names, start=2):
            lists.cell(row=row, column=index + 1, value=name)
        rule = DataValidation(
            type="list",
            formula1=f"={LISTS}!${letter}$2:${letter}${len(names) + 1}",
            allow_blank=False,
            showErrorMessage=True,
            errorTitle="请从下拉列表选择",
            error="请选择列表中的值",
        )
        sheet.add_data_validation(rule)
        for number, spec in enumerate(FIELDS, start=1):
            column_letter = get_column_letter(number)
            sheet.column_dimensions[column_letter].width = spec.width
            if spec.kind == kind:
                rule.add(f"{column_letter}2:{column_letter}{MAX_ROWS + 1}")
    lists.sheet_state = "hidden"
    guide = book.create_sheet("填写说明")
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


GUIDE = (
    "重点项目导入模板填写说明",
    "1. 在“项目”工作表中每行填写一个项目，第一行表头不要改动；最多 5000 行。",
    "2. 县（市、区）、行业、级别、新开工项目、工业项目请从下拉列表选择。",
    "3. 金额单位为万元，最多四位小数；日期填写为日期（如 2026-03-01）。",
    "4. 项目单位 id 为已登记的项目单位编号（如 unit-yaodu-001）。",
    "5. 整个文件有任何一行不合格，全部不导入，并逐行列出原因；改正后重新导入即可。",
    "6. 同一年度、同一县（市、区）、同名的项目只登记一次，重复导入不会重复登记。",
)


def read(data: bytes, choices: Choices) -> Parsed:
    """Every row of the workbook's 项目 sheet, or why each bad cell is bad."""
    parsed = Parsed()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        parsed.refuse(0, "文件", "不是有效的 .xlsx 工作簿，请使用下载的模板")
        return parsed
    if SHEET not in book.sheetnames:
        parsed.refuse(0, "工作表", f"缺少“{SHEET}”工作表，请使用下载的模板")
        return parsed
    rows = book[SHEET].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = [f.header for f in FIELDS if f.header not in header]
    if missing:
        parsed.refuse(1, "表头", f"缺少列：{'、'.join(missing)}")
        return parsed
    where = {f.key: header.index(f.header) for f in FIELDS}
    for number, row in enumerate(rows, start=2):
        if all(value in (None, "") for value in row):
            continue
        if len(parsed.rows) >= MAX_ROWS:
            parsed.refuse(number, "行数", f"最多导入 {MAX_ROWS} 行")
            break
        values: dict[str, Any] = {}
        for spec in FIELDS:
            raw = row[where[spec.key]] if where[spec.key] < len(row) else None
            try:
                values[spec.key] = _value(spec, raw, choices)
            except ValueError as problem:
                parsed.refuse(number, spec.header, str(problem))
        parsed.rows.append(ParsedRow(number, values))
    book.close()
    return parsed


def _value(spec: ImportColumn, raw: Any, choices: Choices) -> Any:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError("不能为空")
    text = raw.strip() if isinstance(raw, str) else raw
    if spec.kind == "text":
        if len(str(text)) > 200:
            raise ValueError("不超过 200 字")
        return str(text)
    if spec.kind in ("county", "sector", "level"):
        known = {"county": choices.counties, "sector": choices.sectors, "level": choices.levels}
        return _choice(str(text), known[spec.kind])
    if spec.kind == "year":
        if not re.fullmatch(r"\d{4}", str(text).removesuffix(".0")):
            raise ValueError(f"年度应为四位数字，收到 {text}")
        return int(str(text).removesuffix(".0"))
    if spec.kind == "unit":
        if not IDENTIFIER.match(str(text)):
            raise ValueError("项目单位 id 只能含字母、数字和 _ . : -")
        return str(text)
    if spec.kind == "money":
        return _money(text)
    if spec.kind == "date":
        return _date(text)
    if text in (YES, NO):
        return text == YES
    raise ValueError(f"请填写“{YES}”或“{NO}”")


def _choice(text: str, known: Mapping[str, str]) -> str:
    if text in known:
        return text
    by_name = {name: key for key, name in known.items()}
    if text in by_name:
        return by_name[text]
    raise ValueError(f"“{text}”不在可选列表中")


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ""))
    except InvalidOperation as exc:
        raise ValueError(f"金额应为数字（万元），收到 {value}") from exc
    if not amount.is_finite() or amount < 0:
        raise ValueError("金额应为不小于 0 的数字")
    if -amount.as_tuple().exponent > 4:  # type: ignore[operator]
        raise ValueError("金额最多四位小数（万元）")
    return amount


def _date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ValueError(f"日期应为 YYYY-MM-DD，收到 {value}") from exc
