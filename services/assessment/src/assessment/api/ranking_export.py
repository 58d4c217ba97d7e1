"""The monthly ranking as a file: /v1/rankings/{month}.xlsx and .csv (月度排名).

The same figures as ``GET /v1/rankings/{month}``: rates in % and the gap in points as
numbers, money in 万元 to four places; counties by name, in rank order.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Response

from assessment.api.routes import AppDep, MonthPath, ReaderDep
from assessment.application.figures import ranking_row
from servicekit.web.tables import SPREADSHEET_RESPONSES, Cell, Column, Table, table_response

router = APIRouter(prefix="/v1", tags=["assessment"])

COLUMNS = (
    Column("rank", "名次", "number", 6),
    Column("name", "县（市、区）", width=16),
    Column("score", "得分", "number", 8),
    Column("start_rate", "开工率（%）", "number", 12),
    Column("investment_rate", "投资完成率（%）", "number", 14),
    Column("investment_vs_plan_rate", "投资完成序时率（%）", "number", 18),
    Column("schedule_gap_pp", "与序时进度差（百分点）", "number", 20),
    Column("projects", "项目数", "number", 8),
    Column("started", "已开工", "number", 8),
    Column("start_due", "应开工", "number", 8),
    Column("investment_completed", "完成投资（万元）", "money", 16),
    Column("annual_planned_investment", "年度计划投资（万元）", "money", 18),
    Column("plan_to_date", "序时计划投资（万元）", "money", 18),
    Column("low", "排名靠后", "flag", 10),
    Column("county", "县（市、区）id"),
)
NUMBERS = {"score", "start_rate", "investment_rate", "investment_vs_plan_rate", "schedule_gap_pp"}


def _cells(row: dict[str, Any]) -> dict[str, Cell]:
    return {
        key: Decimal(value) if key in NUMBERS and value is not None else value
        for key, value in row.items()
    }


@router.get(
    "/rankings/{month}.{fmt}",
    summary="导出月度排名（Excel / CSV）",
    response_class=Response,
    responses=SPREADSHEET_RESPONSES,
)
def export_ranking(
    month: MonthPath, fmt: Annotated[Literal["xlsx", "csv"], Path()], app: AppDep, _: ReaderDep
) -> Response:
    ranking, _positions = app.ranking(month)
    rows = [_cells(ranking_row(row)) for row in ranking.rows]
    return table_response(Table(f"{month}月度排名", COLUMNS, rows), fmt, f"ranking-{month}")
