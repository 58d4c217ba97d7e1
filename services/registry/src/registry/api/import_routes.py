"""Workbook imports over HTTP: the template, an upload answered at once with a job,
and the job's progress and outcome (every bad row named, or the projects stored)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, BackgroundTasks, Depends, File, Path, Request, Response, UploadFile
from pydantic import BaseModel, Field

from registry.api.common import RegistryDep, domain_errors
from registry.application import Registry
from registry.domain import ProjectImport
from servicekit.core.context import CommandContext
from servicekit.web.auth import Principal, Role, require_roles
from servicekit.web.dependencies import ContextDep
from servicekit.web.problems import UnprocessableError
from servicekit.web.tables import XLSX, workbook_response

router = APIRouter(prefix="/v1/imports", tags=["imports"])
Importers = Annotated[Principal, Depends(require_roles(Role.OFFICE, Role.COUNTY))]
MAX_IMPORT_BYTES = 16 * 1024 * 1024
WORKBOOK: dict[int | str, dict[str, Any]] = {200: {"content": {XLSX: {}}}}


class Progress:
    """Rows checked so far by the imports running in this process."""

    def __init__(self) -> None:
        self._done: dict[UUID, int] = {}
        self._lock = threading.Lock()

    def update(self, import_id: UUID, done: int) -> None:
        with self._lock:
            self._done[import_id] = done

    def finish(self, import_id: UUID) -> None:
        with self._lock:
            self._done.pop(import_id, None)

    def of(self, import_id: UUID) -> int | None:
        with self._lock:
            return self._done.get(import_id)


class ImportOut(BaseModel):
    id: str
    status: str = Field(
        description="running 进行中 / completed 已导入 / refused 未导入 / interrupted"
    )
    file_name: str
    rows_checked: int | None = Field(description="已检查的行数（进行中时）")
    created: list[str] = Field(description="本次登记的项目 id")
    existing: list[str] = Field(description="此前已导入、本次未重复登记的项目 id")
    errors: list[dict[str, Any]] = Field(description="逐行问题：row（Excel 行号）、column、reason")
    message: str


def progress_of(request: Request) -> Progress:
    found = getattr(request.app.state, "import_progress", None)
    if not isinstance(found, Progress):
        found = request.app.state.import_progress = Progress()
    return found


def import_out(job: ProjectImport, progress: Progress) -> ImportOut:
    checked = progress.of(job.id)
    status: Literal["running", "completed", "refused", "interrupted"] = job.status  # type: ignore[assignment]
    if status == "running" and checked is None:
        status = "interrupted"  # the process stopped mid-way: importing the file again completes it
    messages = {
        "running": f"正在检查：已检查 {checked or 0} 行",
        "completed": f"已导入：新登记 {len(job.created)} 个项目，{len(job.existing)} 个此前已导入",
        "refused": f"未导入任何项目：{len(job.errors)} 处问题，请改正后重新导入",
        "interrupted": "导入被中断，请重新上传同一文件：已登记的不会重复，其余将补齐",
    }
    return ImportOut(
        id=str(job.id),
        status=status,
        file_name=job.file_name,
        rows_checked=checked,
        created=job.created,
        existing=job.existing,
        errors=job.errors,
        message=messages[status],
    )


@router.get(
    "/projects/template.xlsx",
    summary="下载项目导入模板",
    response_class=Response,
    responses=WORKBOOK,
)
def project_template(registry: RegistryDep, principal: Importers) -> Response:
    """The workbook to fill: Chinese headers, drop-downs for county, sector, level, 是/否."""
    return workbook_response(
        registry.project_template(), "重点项目导入模板.xlsx", "project-import-template.xlsx"
    )


@router.post("/projects", status_code=202, response_model=ImportOut, summary="导入项目（Excel）")
async def import_projects(
    request: Request,
    file: Annotated[UploadFile, File(description="填写好的模板（.xlsx）")],
    background: BackgroundTasks,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: Importers,
) -> ImportOut:
    """Answers at once with the job; ``GET /v1/imports/{id}`` follows it. All or nothing:
    one bad row stores nothing and every problem is listed; the same workbook again
    registers nothing new. A county imports its own county's projects only."""
    return await _start(request, file, background, registry, ctx, principal, "projects")


async def _start(
    request: Request,
    file: UploadFile,
    background: BackgroundTasks,
    registry: Registry,
    ctx: CommandContext,
    principal: Principal,
    kind: Literal["projects", "reports"],
) -> ImportOut:
    data = await file.read(MAX_IMPORT_BYTES + 1)
    if len(data) > MAX_IMPORT_BYTES:
        raise UnprocessableError("文件超过 16 MB / the workbook is too large")
    with domain_errors():
        job = registry.start_project_import(ctx, data, file.filename or "import.xlsx")
    progress = progress_of(request)
    progress.update(job.id, 0)
    county = principal.unit if principal.role == Role.COUNTY else None
    run = registry.run_project_import if kind == "projects" else registry.run_report_import
    background.add_task(_run, run, ctx, job.id, data, progress, county)
    return import_out(job, progress)


def _run(
    run: Callable[..., ProjectImport],
    ctx: CommandContext,
    import_id: UUID,
    data: bytes,
    progress: Progress,
    county: str | None,
) -> None:
    try:
        run(ctx, import_id, data, lambda done: progress.update(import_id, done), county)
    finally:
        progress.finish(import_id)


@router.get(
    "/reports/template.xlsx",
    summary="下载月度进度导入模板",
    response_class=Response,
    responses=WORKBOOK,
)
def report_template(registry: RegistryDep, principal: Importers) -> Response:
    """One row per project and month: 项目 id, 月份, 本月完成投资（万元）, 形象进度."""
    return workbook_response(
        registry.report_template(), "月度进度导入模板.xlsx", "report-import-template.xlsx"
    )


@router.post("/reports", status_code=202, response_model=ImportOut, summary="导入月度进度（Excel）")
async def import_reports(
    request: Request,
    file: Annotated[UploadFile, File(description="填写好的月度进度模板（.xlsx）")],
    background: BackgroundTasks,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: Importers,
) -> ImportOut:
    """Like the project import: a job, all or nothing, every bad cell named; a row equal
    to what the project already reported for the month is not recorded again."""
    return await _start(request, file, background, registry, ctx, principal, "reports")


@router.get("/{import_id}", response_model=ImportOut, summary="导入任务")
def get_import(
    import_id: Annotated[UUID, Path()], request: Request, registry: RegistryDep, _: Importers
) -> ImportOut:
    with domain_errors():
        job = registry.get_import(import_id)
    return import_out(job, progress_of(request))
