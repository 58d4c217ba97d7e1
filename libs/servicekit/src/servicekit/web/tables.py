"""Tables as the office opens them: .xlsx and .csv with Chinese headers, exact figures.

One writer for every export (projects, the problem list, the ranking, 13710): money
is a ``Decimal`` written as a number with four places (万元, Excel shows ``0.0000``
and keeps the exact value), dates are date cells, text stays text. The CSV is UTF-8
with a byte-order mark, without which Excel opens Chinese as mojibake. The file
name is Chinese, sent per RFC 6266 with an ASCII fallback for old clients.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal
from urllib.parse import quote

from fastapi import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

Cell = str | int | Decimal | date | bool | None
UTF8_BOM = "\ufeff"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV = "text/csv; charset=utf-8"
# The OpenAPI ``responses`` of a route answering a table as .xlsx or .csv.
SPREADSHEET_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"content": {XLSX: {}, "text/csv": {}}}
}
MONEY_FORMAT = "0.0000"
DATE_FORMAT = "yyyy-mm-dd"


@dataclass(frozen=True)
class Column:
    """One column: its key in the row, the header people read, and its kind."""

    key: str
    header: str
    kind: Literal["text", "money", "date", "number", "flag"] = "text"
    width: int = 14


@dataclass(frozen=True)
class Table:
    title: str  # the sheet's name and the file's Chinese name
    columns: Sequence[Column]
    rows: Iterable[dict[str, Cell]]


def content_disposition(chinese_name: str, ascii_name: str) -> str:
    """``attachment`` with the ASCII name and the UTF-8 name (RFC 6266 / RFC 5987)."""
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(chinese_name)}"


def xlsx_bytes(table: Table) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=table.title[:31])  # Excel's limit on sheet names
    for number, column in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in table.columns:
        cell = _cell(sheet, column.header)
        cell.font = bold
        header.append(cell)
    sheet.append(header)
    for row in table.rows:
        sheet.append([_typed(sheet, column, row.get(column.key)) for column in table.columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet: Any, value: Any) -> OpenpyxlCell:
    return WriteOnlyCell(sheet, value=value)


def _typed(sheet: Any, column: Column, value: Cell) -> Any:
    if value is None or value == "":
        return None
    if column.kind == "money":
        cell = _cell(sheet, Decimal(str(value)))
        cell.number_format = MONEY_FORMAT
        return cell
    if column.kind == "date":
        day = date.fromisoformat(value) if isinstance(value, str) else value
        cell = _cell(sheet, day.date() if isinstance(day, datetime) else day)
        cell.number_format = DATE_FORMAT
        return cell
    if column.kind == "flag":
        return "是" if value else "否"
    return value


def csv_text(table: Table) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([column.header for column in table.columns])
    for row in table.rows:
        writer.writerow([_text(column, row.get(column.key)) for column in table.columns])
    return UTF8_BOM + out.getvalue()


def _text(column: Column, value: Cell) -> str:
    if value is None:
        return ""
    if column.kind == "money":
        return f"{Decimal(str(value)):.4f}"
    if column.kind == "flag":
        return "是" if value else "否"
    return str(value)


def table_response(table: Table, fmt: Literal["xlsx", "csv"], ascii_name: str) -> Response:
    """The table as a download named ``<title>.<fmt>`` (``ascii_name`` for old clients)."""
    disposition = content_disposition(f"{table.title}.{fmt}", f"{ascii_name}.{fmt}")
    if fmt == "xlsx":
        body: bytes | str = xlsx_bytes(table)
        media = XLSX
    else:
        body, media = csv_text(table), CSV
    return Response(body, media_type=media, headers={"Content-Disposition": disposition})


def workbook_response(data: bytes, chinese_name: str, ascii_name: str) -> Response:
    """A ready .xlsx (a template to fill) as a download with its Chinese name."""
    disposition = content_disposition(chinese_name, ascii_name)
    return Response(data, media_type=XLSX, headers={"Content-Disposition": disposition})
