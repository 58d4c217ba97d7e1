"""Issue routes: thin — parse, authorise, call the application, shape the answer."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Depends, Query, Response, status
from pydantic import BaseModel

from issues.api.common import IssuesDep, domain_errors, ensure_issue_scope, issue_out
from issues.api.schemas import (
    IssueOut,
    RaiseIn,
)
from issues.application import Issues
from issues.domain import Issue
from servicekit.core.clock import BUSINESS_TZ
from servicekit.web.auth import Principal, PrincipalDep, Role, ensure_scope, require_roles
from servicekit.web.dependencies import ContextDep
from servicekit.web.problems import NotFoundError
from servicekit.web.versioning import set_etag

router = APIRouter(prefix="/v1", tags=["issues"])
F = TypeVar("F", bound=Callable[..., Any])

HQ = (Role.OFFICE, Role.COMMANDER)
RaiserDep = Annotated[
    Principal, Depends(require_roles(Role.PROJECT_UNIT, Role.COUNTY, Role.LEADER, *HQ))
]
HQDep = Annotated[Principal, Depends(require_roles(*HQ))]


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


def answer(app: Issues, issue: Issue, response: Response) -> IssueOut:
    set_etag(response, issue.version)
    return issue_out(app, issue)


@router.post(
    "/issues",
    response_model=IssueOut,
    status_code=status.HTTP_201_CREATED,
    summary="提出问题 / raise an issue",
)
def raise_issue(
    body: RaiseIn, issues: IssuesDep, ctx: ContextDep, principal: RaiserDep, response: Response
) -> IssueOut:
    """Raise a problem blocking a registry project (问题清单). It starts at county level with
    the county's deadline; the responsible department comes from the category (附件 duty
    matrix). The office or the county may start one level higher with ``start_reason``.
    An unknown project is 422."""
    project = issues.find_project(body.project_id)
    if project is not None and principal.role != Role.LEADER:
        ensure_scope(principal, county=project.county, project_unit=project.project_unit)
    with domain_errors():
        issue = issues.raise_issue(ctx, **body.model_dump())
    return answer(issues, issue, response)


@router.get("/issues/{issue_id}", response_model=IssueOut, summary="问题详情 / one issue")
def get_issue(
    issue_id: UUID,
    issues: IssuesDep,
    principal: PrincipalDep,
    response: Response,
    as_of: Annotated[
        datetime | None, Query(description="按历史时点重建 / state as of this instant")
    ] = None,
) -> IssueOut:
    """State, full history (every event with actor, role, unit and time) and 13710
    supervision; ``as_of`` rebuilds the issue as it stood at that instant."""
    with domain_errors():
        if as_of is None:
            issue = issues.get_issue(issue_id)
        else:
            moment = as_of if as_of.tzinfo else as_of.replace(tzinfo=BUSINESS_TZ)
            try:
                found = issues.get_as_of(issue_id, moment)
            except (LookupError, AggregateNotFoundError) as exc:
                raise NotFoundError(f"该时点问题不存在 / no issue {issue_id} then") from exc
            if not isinstance(found, Issue):
                raise NotFoundError(f"问题不存在 / no issue {issue_id}")
            issue = found
    ensure_issue_scope(principal, issue)
    return answer(issues, issue, response)
