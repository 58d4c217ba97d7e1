"""The project library as a list, and the same list as .xlsx / .csv for the office.

One query serves both, so an export holds exactly what the list shows the same
person with the same filters (scoped roles see only their own projects).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from contracts.labels import LIGHT_LABELS, PROJECT_LEVEL_LABELS, SECTOR_LABELS, STAGE_LABELS, label
from registry.api.common import ReadDep, RegistryDep
from registry.api.schemas import ProjectSummary
from registry.application import Registry
from registry.projections import ProjectRow
from servicekit.web.auth import Principal, PrincipalDep, Role, ensure_scope
from servicekit.web.dates import BusinessYear
from servicekit.web.tables import SPREADSHEET_RESPONSES, Cell, Column, Table, table_response

router = APIRouter(prefix="/v1", tags=["projects"])


async def _filters(
    county: str | None = None,
    year: BusinessYear | None = None,
    subcommand: str | None = None,
    stage: str | None = None,
    warning: Annotated[str | None, Query(pattern="^(green|yellow|red)$")] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
) -> dict[str, object]:
    return {
        "county": county,
        "year": year,
        "subcommand": subcommand,
        "stage": stage,
        "warning": warning,
        "limit": limit,
    }


Filters = Annotated[dict[str, object], Depends(_filters)]


def project_rows(
    session: Session, principal: Principal, filters: dict[str, object]
) -> Sequence[ProjectRow]:
    """The read model's projects this caller may see, matching every given filter."""
    query = select(ProjectRow).order_by(ProjectRow.year, ProjectRow.county, ProjectRow.name)
    scoped = {
        Role.COUNTY: ProjectRow.county,
        Role.PROJECT_UNIT: ProjectRow.project_unit,
        Role.SUBCOMMAND_COMMANDER: ProjectRow.subcommand,
    }
    if principal.role in scoped:
        query = query.where(scoped[principal.role] == (principal.unit or ""))
    elif principal.role == Role.LEADER:
        query = query.where(ProjectRow.sponsors.contains(principal.unit or "\x00"))
    elif principal.role not in (Role.COMMANDER, Role.OFFICE, Role.AUDITOR):
        ensure_scope(principal)
    columns = {
        "county": ProjectRow.county,
        "year": ProjectRow.year,
        "subcommand": ProjectRow.subcommand,
        "stage": ProjectRow.stage,
        "warning": ProjectRow.warning,
    }
    for key, column in columns.items():
        if filters.get(key) is not None:
            query = query.where(column == filters[key])
    limit = filters.get("limit")
    rows = session.scalars(query.limit(limit if isinstance(limit, int) else 500)).all()
    if principal.role == Role.LEADER:
        rows = [r for r in rows if principal.unit in r.sponsors.split(",")]
    return rows


@router.get("/projects", response_model=list[ProjectSummary], summary="项目列表 / list projects")
def list_projects(
    session: ReadDep, principal: PrincipalDep, filters: Filters
) -> list[ProjectSummary]:
    """Projects from the read model; scoped roles see only their own (county, unit, …)."""
    return [
        ProjectSummary(
            id=r.id,
            name=r.name,
            county=r.county,
            subcommand=r.subcommand,
            year=r.year,
            stage=r.stage,
            total_investment=f"{r.total_investment:.4f}",
            cumulative_investment=f"{r.cumulative_investment:.4f}",
            warning=r.warning,
            warning_month=r.warning_month,
            version=r.version,
        )
        for r in project_rows(session, principal, filters)
    ]


COLUMNS = (
    Column("name", "项目名称", width=40),
    Column("county", "县（市、区）"),
    Column("sector", "行业"),
    Column("subcommand", "分指挥部", width=20),
    Column("level", "级别"),
    Column("year", "年度", "number", 8),
    Column("stage", "阶段", width=10),
    Column("project_unit", "项目单位", width=36),
    Column("total_investment", "总投资（万元）", "money", 16),
    Column("annual_planned_investment", "年度计划投资（万元）", "money", 18),
    Column("cumulative_investment", "累计完成投资（万元）", "money", 18),
    Column("planned_start", "计划开工日期", "date", 14),
    Column("is_new", "新开工项目", "flag", 10),
    Column("warning", "预警", width=8),
    Column("warning_month", "预警月份", width=10),
    Column("id", "项目 id", width=38),
)


@router.get(
    "/projects.{fmt}",
    summary="导出项目库（Excel / CSV）",
    response_class=Response,
    responses=SPREADSHEET_RESPONSES,
)
def export_projects(
    fmt: Annotated[Literal["xlsx", "csv"], Path()],
    session: ReadDep,
    registry: RegistryDep,
    principal: PrincipalDep,
    filters: Filters,
) -> Response:
    """The list above with the same filters, Chinese headers and names, money in 万元
    to four places as numbers, dates as dates (重点项目库.xlsx / .csv)."""
    rows = project_rows(session, principal, filters)
    return table_response(Table("重点项目库", COLUMNS, _cells(registry, rows)), fmt, "key-projects")


def _cells(registry: Registry, rows: Sequence[ProjectRow]) -> list[dict[str, Cell]]:
    org = registry.org_directory.current()
    today = registry.clock.today()

    def name(unit_id: str) -> str:
        unit = org.get(unit_id)
        return unit.name_on(today) if unit is not None else unit_id

    return [_cell_row(registry, r, name) for r in rows]


def _cell_row(registry: Registry, r: ProjectRow, name: Callable[[str], str]) -> dict[str, Cell]:
    return {
        "name": r.name,
        "county": name(r.county),
        "sector": label(SECTOR_LABELS, r.sector),
        "subcommand": name(r.subcommand),
        "level": label(PROJECT_LEVEL_LABELS, r.level),
        "year": r.year,
        "stage": label(STAGE_LABELS, r.stage),
        "project_unit": registry.unit_name(r.project_unit) or r.project_unit,
        "total_investment": r.total_investment,
        "annual_planned_investment": r.annual_planned_investment,
        "cumulative_investment": r.cumulative_investment,
        "planned_start": r.planned_start,
        "is_new": r.is_new,
        "warning": label(LIGHT_LABELS, r.warning) if r.warning else None,
        "warning_month": r.warning_month,
        "id": r.id,
    }
