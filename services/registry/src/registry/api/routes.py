"""Project routes: thin — parse, authorise, call the application, shape the answer."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Depends, Query, Response, status

from registry.api.common import RegistryDep, domain_errors, project_out
from registry.api.photo_refs import PhotosDep, check_photo_refs
from registry.api.schemas import (
    ProjectIn,
    ProjectOut,
    ReportIn,
    SponsorIn,
    StageIn,
    VisitIn,
)
from registry.application import Registry
from registry.domain import Project
from servicekit.core.clock import BUSINESS_TZ
from servicekit.web.auth import Principal, PrincipalDep, Role, ensure_scope, require_roles
from servicekit.web.dependencies import ContextDep
from servicekit.web.problems import NotFoundError
from servicekit.web.versioning import IfMatchDep, check_version, set_etag

router = APIRouter(prefix="/v1", tags=["projects"])

WRITERS = (Role.OFFICE, Role.COUNTY)
WritersDep = Annotated[Principal, Depends(require_roles(*WRITERS))]
# A project unit files its own project's monthly report (and uploads its photos).
REPORTERS = (*WRITERS, Role.PROJECT_UNIT)
ReportersDep = Annotated[Principal, Depends(require_roles(*REPORTERS))]
HQDep = Annotated[Principal, Depends(require_roles(Role.COMMANDER, Role.OFFICE))]


def ensure_project_scope(principal: Principal, project: Project) -> None:
    """May this caller see the project: own county, unit, sub-command, or sponsored."""
    ensure_scope(
        principal,
        county=project.county,
        project_unit=project.project_unit,
        subcommand=project.subcommand,
        leader=project.sponsors,
    )


def load_for_write(
    registry: RegistryDep,
    project_id: UUID,
    principal: Principal,
    expected: int | None,
    *,
    by_unit: bool = False,
) -> Project:
    """The project to change; its county (or, ``by_unit``, its project unit) or HQ only."""
    with domain_errors():
        project = registry.get_project(project_id)
    unit = project.project_unit if by_unit else None
    ensure_scope(principal, county=project.county, project_unit=unit)
    check_version(project, expected)
    return project


def answer(project: Project, response: Response, registry: Registry) -> ProjectOut:
    set_etag(response, project.version)
    return project_out(project, registry.unit_name(project.project_unit))


@router.post(
    "/projects",
    response_model=ProjectOut,
    status_code=status.HTTP_201_CREATED,
    summary="登记重点工程项目 / register a key project",
)
def register_project(
    body: ProjectIn, registry: RegistryDep, ctx: ContextDep, principal: WritersDep
) -> ProjectOut:
    """Register a project for a year's list; the sector routes it to its sub-command."""
    ensure_scope(principal, county=body.county)
    with domain_errors():
        project = registry.register_project(ctx, **body.model_dump())
    return project_out(project, registry.unit_name(project.project_unit))


@router.get("/projects/{project_id}", response_model=ProjectOut, summary="项目详情")
def get_project(
    project_id: UUID,
    registry: RegistryDep,
    principal: PrincipalDep,
    response: Response,
    as_of: Annotated[
        datetime | None, Query(description="按历史时点重建 / state as of this instant")
    ] = None,
) -> ProjectOut:
    """The project's state, stage, sponsors, reports and warnings (as of a past instant)."""
    with domain_errors():
        if as_of is None:
            project = registry.get_project(project_id)
        else:
            moment = as_of if as_of.tzinfo else as_of.replace(tzinfo=BUSINESS_TZ)
            try:
                project = registry.get_as_of(project_id, moment)
            except AggregateNotFoundError as exc:
                raise NotFoundError(f"该时点项目不存在 / no project {project_id} then") from exc
            if not isinstance(project, Project):
                raise NotFoundError(f"项目不存在 / no project {project_id}")
    ensure_project_scope(principal, project)
    return answer(project, response, registry)


@router.post("/projects/{project_id}/stage", response_model=ProjectOut, summary="阶段变更")
def change_stage(
    project_id: UUID,
    body: StageIn,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: WritersDep,
    expected: IfMatchDep,
    response: Response,
) -> ProjectOut:
    """开工/复工/竣工/投产 with its date; an illegal transition is 409 with the reason."""
    load_for_write(registry, project_id, principal, expected)
    with domain_errors():
        project = registry.change_stage(ctx, project_id, body.stage, body.on)
    return answer(project, response, registry)


@router.post("/projects/{project_id}/reports", response_model=ProjectOut, summary="月度进度填报")
def report_progress(
    project_id: UUID,
    body: ReportIn,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: ReportersDep,
    photos: PhotosDep,
    expected: IfMatchDep,
    response: Response,
) -> ProjectOut:
    """The month's investment and 形象进度; a second report for a month is a correction.
    ``photo:`` references must name uploaded photos (POST /v1/photos)."""
    load_for_write(registry, project_id, principal, expected, by_unit=True)
    check_photo_refs(photos, body.photos)
    with domain_errors():
        project = registry.report_progress(ctx, project_id, **body.model_dump())
    return answer(project, response, registry)


@router.post("/projects/{project_id}/sponsor", response_model=ProjectOut, summary="包联领导")
def assign_sponsor(
    project_id: UUID,
    body: SponsorIn,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: HQDep,
    expected: IfMatchDep,
    response: Response,
) -> ProjectOut:
    """HQ assigns a city leader (四大班子领导) to answer for the project."""
    load_for_write(registry, project_id, principal, expected)
    on = body.on or registry.clock.today()
    with domain_errors():
        project = registry.assign_sponsor(ctx, project_id, body.leader, on)
    return answer(project, response, registry)


@router.post("/projects/{project_id}/visits", response_model=ProjectOut, summary="领导走访")
def record_visit(
    project_id: UUID,
    body: VisitIn,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: Annotated[Principal, Depends(require_roles(Role.LEADER, Role.OFFICE))],
    expected: IfMatchDep,
    response: Response,
) -> ProjectOut:
    """A sponsoring leader's site survey or on-site office; leaders record only their own."""
    with domain_errors():
        project = registry.get_project(project_id)
    ensure_scope(principal, leader=body.leader)
    check_version(project, expected)
    with domain_errors():
        project = registry.record_visit(ctx, project_id, **body.model_dump())
    return answer(project, response, registry)
