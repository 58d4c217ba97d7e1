"""Operator and office routes: the sweep, and the 13710 export for the provincial system."""

from __future__ import annotations

import csv
import io
import json
import time
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from sqlalchemy import select

from issues.api.common import IssuesDep, ReadDep
from issues.api.schemas import SweepIn, SweepOut
from issues.metrics import IssueMetrics
from issues.projections import IssueRow
from servicekit.web.auth import Principal, Role, require_roles
from servicekit.web.dependencies import ContextDep

router = APIRouter(prefix="/v1", tags=["issues-admin"])

SweeperDep = Annotated[Principal, Depends(require_roles(Role.OPERATOR, Role.OFFICE))]
ExportDep = Annotated[Principal, Depends(require_roles(Role.OFFICE, Role.COMMANDER, Role.AUDITOR))]
# The CSV is opened by people in Excel: Chinese headers, and a UTF-8 byte-order mark
# without which Excel reads the file as the local code page and garbles every name.
EXPORT_FIELDS = {
    "issue_id": "问题编号",
    "project_id": "项目编号",
    "county": "县（市、区）",
    "title": "问题",
    "category": "类别",
    "level": "当前层级",
    "assignee": "责任单位",
    "status": "状态",
    "supervised_on": "纳入督办日期",
    "reason": "督办原因",
    "major": "重大复杂",
    "limits_missed": "超时环节数",
    "deadline": "办结时限",
    "closed_on": "办结日期",
    "rating": "评价",
}
UTF8_BOM = "\ufeff"
# RFC 6266: an ASCII fallback and the Chinese name for browsers that read filename*.
CSV_DISPOSITION = (
    'attachment; filename="13710-supervision.csv"; '
    "filename*=UTF-8''%E7%9D%A3%E5%8A%9E%E4%BA%8B%E9%A1%B9-13710.csv"
)


@router.post("/admin/sweep", response_model=SweepOut, summary="到期扫描 / run the sweep")
def run_sweep(
    body: SweepIn, issues: IssuesDep, ctx: ContextDep, principal: SweeperDep, request: Request
) -> SweepOut:
    """Count provisional deadlines again where a year's holiday schedule has since been
    loaded (the override file is re-read if it changed), escalate issues past their
    deadline (reason ``deadline_missed``), enter long-stalled ones into 13710
    supervision and record missed 13710 limits, as of ``as_of``.
    Running it again for the same ``as_of`` changes nothing and answers empty lists."""
    started = time.perf_counter()
    report = issues.sweep(ctx, body.as_of)
    IssueMetrics.of(request.app.state.metrics).observe_sweep(time.perf_counter() - started)
    return SweepOut(
        as_of=report.as_of,
        recomputed=report.recomputed,
        escalated=report.escalated,
        supervised=report.supervised,
        supervision_breaches=report.supervision_breaches,
        failed=report.failed,
    )


@router.get(
    "/supervision/export",
    summary="13710 督办事项导出 / export supervised items",
    responses={200: {"content": {"application/json": {}, "text/csv": {}}}},
)
def export_supervision(
    session: ReadDep,
    principal: ExportDep,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
) -> Response:
    """Supervised items for hand-off to the provincial 13710 system (JSON or CSV)."""
    rows = session.scalars(
        select(IssueRow).where(IssueRow.supervised.is_(True)).order_by(IssueRow.supervised_on)
    ).all()
    records = [
        {
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
        for r in rows
    ]
    if format == "csv":
        buffer = io.StringIO()
        buffer.write(UTF8_BOM)
        writer = csv.DictWriter(buffer, fieldnames=list(EXPORT_FIELDS))
        writer.writerow(EXPORT_FIELDS)
        writer.writerows(records)
        return Response(
            buffer.getvalue(),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": CSV_DISPOSITION},
        )
    return Response(
        json.dumps({"items": records}, ensure_ascii=False), media_type="application/json"
    )
