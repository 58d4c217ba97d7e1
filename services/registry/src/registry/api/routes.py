"""Registry routes: thin — parse, authorise, call the application, shape the answer."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Depends, Request, status

from registry.api.schemas import OrgUnitOut, ProjectIn, ProjectOut
from registry.application import Registry
from registry.domain import Project, RegistryError
from servicekit.auth import Principal, PrincipalDep, Role, ensure_scope, require_roles
from servicekit.http import ContextDep, runtime_of
from servicekit.problems import NotFoundError, UnprocessableError

router = APIRouter(prefix="/v1", tags=["registry"])

WRITERS = (Role.OFFICE, Role.COUNTY)


def registry_app(request: Request) -> Registry:
    app = runtime_of(request).app
    assert isinstance(app, Registry)
    return app


RegistryDep = Annotated[Registry, Depends(registry_app)]


def project_out(project: Project) -> ProjectOut:
    return ProjectOut(
        id=str(project.id),
        version=project.version,
        name=project.name,
        county=project.county,
        sector=project.sector,
        subcommand=project.subcommand,
        level=project.level,
        year=project.year,
        project_unit=project.project_unit,
        total_investment=f"{project.total_investment:.4f}",
        annual_planned_investment=f"{project.annual_planned_investment:.4f}",
        planned_start=project.planned_start,
        planned_completion=project.planned_completion,
        is_new=project.is_new,
        is_industrial=project.is_industrial,
        stage=project.stage,
    )


@router.get("/org/counties", response_model=list[OrgUnitOut], summary="县(市、区)列表")
def list_counties(registry: RegistryDep, _: PrincipalDep) -> list[OrgUnitOut]:
    """The 17 counties and the development zone, with Chinese names."""
    org = registry.seed_ids("counties")
    units = [registry.find_org_unit(unit_id) for unit_id in org]
    return [OrgUnitOut(id=u.unit_id, name=u.name, kind=u.kind) for u in units if u is not None]


@router.post(
    "/projects",
    response_model=ProjectOut,
    status_code=status.HTTP_201_CREATED,
    summary="登记重点工程项目 / register a key project",
)
def register_project(
    body: ProjectIn,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: Annotated[Principal, Depends(require_roles(*WRITERS))],
) -> ProjectOut:
    """Register a project for a year's list; the sector routes it to its sub-command."""
    ensure_scope(principal, county=body.county)
    try:
        project = registry.register_project(
            ctx, **body.model_dump(), subcommand_ids=registry.seed_ids("subcommands")
        )
    except RegistryError as exc:
        raise UnprocessableError(
            str(exc), errors=[{"field": f"body.{exc.field}", "message": str(exc)}]
        ) from exc
    return project_out(project)


@router.get("/projects/{project_id}", response_model=ProjectOut, summary="项目详情")
def get_project(project_id: UUID, registry: RegistryDep, principal: PrincipalDep) -> ProjectOut:
    try:
        project = registry.get_project(project_id)
    except AggregateNotFoundError as exc:
        raise NotFoundError(f"项目不存在 / no project {project_id}") from exc
    ensure_scope(principal, county=project.county, project_unit=project.project_unit)
    return project_out(project)
