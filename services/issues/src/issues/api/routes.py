"""Issues routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from issues.application import Issues
from servicekit.auth import PrincipalDep, ensure_scope
from servicekit.http import runtime_of
from servicekit.problems import NotFoundError

router = APIRouter(prefix="/v1", tags=["issues"])


def issues_app(request: Request) -> Issues:
    app = runtime_of(request).app
    assert isinstance(app, Issues)
    return app


IssuesDep = Annotated[Issues, Depends(issues_app)]


class KnownProjectOut(BaseModel):
    project_id: str
    name: str
    county: str
    subcommand: str
    project_unit: str


@router.get("/known-projects/{project_id}", response_model=KnownProjectOut, summary="已知项目")
def get_known_project(
    project_id: str, issues: IssuesDep, principal: PrincipalDep
) -> KnownProjectOut:
    """A registry project as this service learned it from ``ProjectRegistered``."""
    project = issues.find_project(project_id)
    if project is None:
        raise NotFoundError(f"本服务尚未获知项目 {project_id} / project not known here")
    ensure_scope(principal, county=project.county, project_unit=project.project_unit)
    return KnownProjectOut(
        project_id=project.project_id,
        name=project.name,
        county=project.county,
        subcommand=project.subcommand,
        project_unit=project.project_unit,
    )
