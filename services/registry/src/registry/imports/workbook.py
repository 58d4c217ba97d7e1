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

from openpyxl import load_workbook

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
REPORT_SHEET = "月度进度"
REPORT_FIELDS = (
    ImportColumn("project_id", "项目 id", "uuid", 38),
    ImportColumn("project_name", "项目名称（核对用）", "optional", 36),
    ImportColumn("month", "填报月份", "month", 12),
    ImportColumn("investment_completed", "本月完成投资（万元）", "money", 20),
    ImportColumn("physical_progress", "形象进度", "text", 50),
)
REPORT_HEADER_OF = {f.key: f.header for f in REPORT_FIELDS}


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


def read(
    data: bytes,
    choices: Choices,
    columns: tuple[ImportColumn, ...] = FIELDS,
    sheet_name: str = SHEET,
) -> Parsed:
    """Every row of the workbook's sheet, or why each bad cell is bad."""
    parsed = Parsed()
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        parsed.refuse(0, "文件", "不是有效的 .xlsx 工作簿，请使用下载的模板")
        return parsed
    if sheet_name not in book.sheetnames:
        parsed.refuse(0, "工作表", f"缺少“{sheet_name}”工作表，请使用下载的模板")
        return parsed
    rows = book[sheet_name].iter_rows(values_only=True)
    header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
    missing = [f.header for f in columns if f.header not in header]
    if missing:
        parsed.refuse(1, "表头", f"缺少列：{'、'.join(missing)}")
        return parsed
    where = {f.key: header.index(f.header) for f in columns}
    for number, row in enumerate(rows, start=2):
        if all(value in (None, "") for value in row):
            continue
        if len(parsed.rows) >= MAX_ROWS:
            parsed.refuse(number, "行数", f"最多导入 {MAX_ROWS} 行")
            break
        values: dict[str, Any] = {}
        for spec in columns:
            raw = row[where[spec.key]] if where[spec.key] < len(row) else None
            try:
                values[spec.key] = _value(spec, raw, choices)
            except ValueError as problem:
                parsed.refuse(number, spec.header, str(problem))
        parsed.rows.append(ParsedRow(number, values))
    book.close()
    return parsed


def _value(spec: ImportColumn, raw: Any, choices: Choices) -> Any:
    if spec.kind == "optional":
        return None if raw is None else str(raw).strip()
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        raise ValueError("不能为空")
    text = raw.strip() if isinstance(raw, str) else raw
    if spec.kind == "uuid":
        if not re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", str(text)
        ):
            raise ValueError("项目 id 应为项目库中的编号（可从项目库导出中复制）")
        return str(text)
    if spec.kind == "month":
        if isinstance(text, datetime | date):
            return text.strftime("%Y-%m")
        if not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", str(text)):
            raise ValueError(f"月份应为 YYYY-MM，收到 {text}")
        return str(text)
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
