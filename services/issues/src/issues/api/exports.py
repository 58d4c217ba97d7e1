"""The problem list and the 13710 supervised items as files people open: .xlsx / .csv.

Both read the same rows as their lists; codes become their Chinese labels (level,
status, category, supervision reason), projects their names. The 13710 export
keeps its JSON form, with ids, for the provincial system.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy import select

from contracts.labels import (
    ISSUE_CATEGORY_LABELS,
    ISSUE_SOURCE_LABELS,
    LEVEL_LABELS,
    STATUS_LABELS,
    SUPERVISION_LIMIT_LABELS,
    SUPERVISION_REASON_LABELS,
    label,
)
from issues.api.common import IssuesDep, ReadDep
from issues.api.list_routes import Filters, issue_rows
from issues.application import Issues
from issues.projections import IssueRow
from servicekit.web.auth import Principal, PrincipalDep, Role, require_roles
from servicekit.web.tables import SPREADSHEET_RESPONSES, XLSX, Cell, Column, Table, table_response

router = APIRouter(prefix="/v1", tags=["issues"])
ExportDep = Annotated[Principal, Depends(require_roles(Role.OFFICE, Role.COMMANDER, Role.AUDITOR))]
Format = Literal["xlsx", "csv"]
SHEET_TYPES: dict[str, Any] = {XLSX: {}, "text/csv": {}}
SPREADSHEETS = SPREADSHEET_RESPONSES

LIST_COLUMNS = (
    Column("title", "问题", width=36),
    Column("project", "项目", width=30),
    Column("county", "县（市、区）"),
    Column("category", "类别"),
    Column("source", "来源"),
    Column("level", "当前层级"),
    Column("assignee", "承办单位", width=20),
    Column("status", "状态", width=12),
    Column("raised_on", "提出日期", "date"),
    Column("deadline", "办结时限", "date"),
    Column("resolved_on", "解决日期", "date"),
    Column("closed_on", "销号日期", "date"),
    Column("supervised", "13710 督办", "flag", 10),
    Column("id", "问题编号", width=38),
)
SUPERVISION_COLUMNS = (
    Column("id", "问题编号", width=38),
    Column("project", "项目", width=30),
    Column("county", "县（市、区）"),
    Column("title", "问题", width=36),
    Column("category", "类别"),
    Column("level", "当前层级"),
    Column("assignee", "责任单位", width=20),
    Column("status", "状态", width=12),
    Column("supervised_on", "纳入督办日期", "date"),
    Column("reason", "督办原因", width=28),
    Column("major", "重大复杂", "flag", 10),
    Column("limits_missed", "未达时限环节", width=28),
    Column("deadline", "办结时限", "date"),
    Column("closed_on", "办结日期", "date"),
    Column("rating", "评价", width=8),
)


def _labelled(app: Issues, r: IssueRow) -> dict[str, Cell]:
    project = app.find_project(r.project_id) if r.project_id else None
    missed = [label(SUPERVISION_LIMIT_LABELS, m) for m in r.limits_missed.split(",") if m]
    return {
        "id": r.id,
        "title": r.title,
        "project": project.name if project is not None else r.project_id,
        "county": r.county,
        "category": label(ISSUE_CATEGORY_LABELS, r.category),
        "source": label(ISSUE_SOURCE_LABELS, r.source),
        "level": label(LEVEL_LABELS, r.level),
        "assignee": r.assignee,
        "status": label(STATUS_LABELS, r.status),
        "raised_on": r.raised_on,
        "deadline": r.deadline,
        "resolved_on": r.resolved_on,
        "closed_on": r.closed_on,
        "supervised": r.supervised,
        "supervised_on": r.supervised_on,
        "reason": label(SUPERVISION_REASON_LABELS, r.supervision_reason)
        if r.supervision_reason
        else None,
        "major": r.supervision_major,
        "limits_missed": "、".join(missed),
        "rating": r.rating,
    }


@router.get(
    "/issues.{fmt}", summary="导出问题清单", response_class=Response, responses=SPREADSHEETS
)
def export_issues(
    fmt: Annotated[Format, Path()],
    session: ReadDep,
    app: IssuesDep,
    principal: PrincipalDep,
    filters: Filters,
) -> Response:
    """The problem list with the list's filters and scope (问题清单.xlsx / .csv)."""
    rows = [_labelled(app, r) for r in issue_rows(session, principal, filters)]
    return table_response(Table("问题清单", LIST_COLUMNS, rows), fmt, "issues")


@router.get(
    "/supervision/export",
    summary="13710 督办事项导出 / export supervised items",
    responses={200: {"content": {"application/json": {}, **SHEET_TYPES}}},
)
def export_supervision(
    session: ReadDep,
    app: IssuesDep,
    principal: ExportDep,
    format: Annotated[Literal["json", "csv", "xlsx"], Query()] = "json",
) -> Response:
    """Supervised items: JSON with ids for the provincial 13710 system, or .xlsx / .csv
    with Chinese headers and labels for people (督办事项-13710)."""
    rows = session.scalars(
        select(IssueRow).where(IssueRow.supervised.is_(True)).order_by(IssueRow.supervised_on)
    ).all()
    if format != "json":
        cells = [_labelled(app, r) for r in rows]
        return table_response(
            Table("督办事项-13710", SUPERVISION_COLUMNS, cells), format, "13710-supervision"
        )
    records = [_machine(r) for r in rows]
    return Response(
        json.dumps({"items": records}, ensure_ascii=False), media_type="application/json"
    )


def _machine(r: IssueRow) -> dict[str, object]:
    return {
        "issue_id": r.id,
        "project_id": r.project_id or "",
        "county": r.county or "",
        "title": r.title,
        "category": r.category,
        "level": r.level,
        "assignee": r.assignee,
        "status": r.status,
        "supervised_on": r.supervised_on.isoformat() if r.supervised_on else "",
        "reason": r.supervision_reason or "",
        "major": "true" if r.supervision_major else "false",
        "limits_missed": r.limits_missed,
        "deadline": r.deadline.isoformat(),
        "closed_on": r.closed_on.isoformat() if r.closed_on else "",
        "rating": r.rating or "",
    }
