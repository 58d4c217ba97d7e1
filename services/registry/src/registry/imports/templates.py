"""The workbooks people download and fill: projects (with the organisation's
drop-downs) and monthly figures, each with a 填写说明 sheet."""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from registry.imports.workbook import (
    FIELDS,
    LISTS,
    MAX_ROWS,
    NO,
    REPORT_FIELDS,
    REPORT_SHEET,
    SHEET,
    YES,
    Choices,
    ImportColumn,
)


def _book(title: str, columns: Sequence[ImportColumn]) -> tuple[Workbook, Worksheet]:
    """A workbook whose first sheet has the bold, frozen header row of ``columns``."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    sheet.append([spec.header for spec in columns])
    for number, spec in enumerate(columns, start=1):
        sheet.cell(row=1, column=number).font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(number)].width = spec.width
    sheet.freeze_panes = "A2"
    return book, sheet


def _saved(book: Workbook, guide: Sequence[str]) -> bytes:
    """The workbook with its 填写说明 sheet, as bytes."""
    sheet = book.create_sheet("填写说明")
    for line in guide:
        sheet.append([line])
    sheet.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_template() -> bytes:
    """The monthly figures workbook: one row per project and month."""
    book, _ = _book(REPORT_SHEET, REPORT_FIELDS)
    return _saved(book, REPORT_GUIDE)


def template(choices: Choices) -> bytes:
    """The projects workbook, with drop-down lists drawn from ``choices``."""
    book, sheet = _book(SHEET, FIELDS)
    lists = book.create_sheet(LISTS)
    columns = {
        "county": list(choices.counties.values()),
        "sector": list(choices.sectors.values()),
        "level": list(choices.levels.values()),
        "flag": [YES, NO],
    }
    for index, (kind, names) in enumerate(columns.items()):
        letter = get_column_letter(index + 1)
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
            if spec.kind == kind:
                column_letter = get_column_letter(number)
                rule.add(f"{column_letter}2:{column_letter}{MAX_ROWS + 1}")
    lists.sheet_state = "hidden"
    return _saved(book, GUIDE)


REPORT_GUIDE = (
    "月度进度导入模板填写说明",
    "1. 每行填写一个项目一个月的进度；项目 id 可从项目库导出（重点项目库.xlsx）的最后一列复制。",
    "2. 填报月份写作 YYYY-MM；本月完成投资单位为万元，最多四位小数。",
    "3. 任何一行不合格，全部不导入，并逐行列出原因。",
    "4. 与已填报内容相同的行不会重复登记；不同的记为该月的更正。",
)


GUIDE = (
    "重点项目导入模板填写说明",
    "1. 在“项目”工作表中每行填写一个项目，第一行表头不要改动；最多 5000 行。",
    "2. 县（市、区）、行业、级别、新开工项目、工业项目请从下拉列表选择。",
    "3. 金额单位为万元，最多四位小数；日期填写为日期（如 2026-03-01）。",
    "4. 项目单位 id 为已登记的项目单位编号（如 unit-yaodu-001）。",
    "5. 整个文件有任何一行不合格，全部不导入，并逐行列出原因；改正后重新导入即可。",
    "6. 同一年度、同一县（市、区）、同名的项目只登记一次，重复导入不会重复登记。",
)
