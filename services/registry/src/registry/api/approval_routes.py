"""Fast-track approval routes: steps, statutory suspensions, and the clock."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from registry.api.common import RegistryDep, approval_out, domain_errors
from registry.api.routes import WritersDep, ensure_project_scope, load_for_write
from registry.api.schemas import ApprovalIn, ApprovalOut, ResumeIn, SuspensionIn
from registry.domain import Project
from servicekit.web.auth import PrincipalDep
from servicekit.web.dates import BusinessDate
from servicekit.web.dependencies import ContextDep
from servicekit.web.versioning import IfMatchDep, set_etag

router = APIRouter(prefix="/v1/projects/{project_id}/approvals", tags=["approvals"])
steps_router = APIRouter(prefix="/v1", tags=["approvals"])


class ApprovalStepOut(BaseModel):
    id: str = Field(description="审批环节 id（登记时填写）/ the id the API takes")
    name: str = Field(description="中文名称 / Chinese name")
    order: int = Field(description="在审批链中的次序，从 1 起 / position in the chain")


@steps_router.get(
    "/approval-steps", response_model=list[ApprovalStepOut], summary="审批环节 / approval steps"
)
def approval_steps(registry: RegistryDep, principal: PrincipalDep) -> list[ApprovalStepOut]:
    """The fast-track chain's steps as the policy file configures them, in order; the
    累计 working-day limit covers them all (``approval_sla_working_days``)."""
    return [
        ApprovalStepOut(id=step.id, name=step.name, order=number)
        for number, step in enumerate(registry.rules.approval_steps, start=1)
    ]


def _answer(response: Response, out: ApprovalOut) -> ApprovalOut:
    set_etag(response, out.version)
    return out


@router.post("", response_model=ApprovalOut, summary="审批环节登记 / record an approval step")
def record_step(
    project_id: UUID,
    body: ApprovalIn,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: WritersDep,
    expected: IfMatchDep,
    response: Response,
) -> ApprovalOut:
    """Submitted (and granted) dates of a step; answers working days used of the limit."""
    load_for_write(registry, project_id, principal, expected)
    with domain_errors():
        report = registry.record_approval_step(ctx, project_id, **body.model_dump())
    return _answer(response, approval_out(report, registry.rules.step_names))


@router.get("", response_model=ApprovalOut, summary="审批时限 / the approval clock")
def get_clock(
    project_id: UUID,
    registry: RegistryDep,
    principal: PrincipalDep,
    response: Response,
    as_of: Annotated[BusinessDate | None, Query()] = None,
) -> ApprovalOut:
    """Working days used and remaining as of a date (today by default)."""
    with domain_errors():
        project: Project = registry.get_project(project_id)
    ensure_project_scope(principal, project)
    report = registry.approval_report(project, as_of or registry.clock.today())
    return _answer(response, approval_out(report, registry.rules.step_names))


@router.post("/{step}/suspensions", response_model=ApprovalOut, summary="法定中止 / suspend")
def suspend(
    project_id: UUID,
    step: str,
    body: SuspensionIn,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: WritersDep,
    expected: IfMatchDep,
    response: Response,
) -> ApprovalOut:
    """A hearing or expert review stops the step's clock from the day after ``on``."""
    load_for_write(registry, project_id, principal, expected)
    with domain_errors():
        report = registry.suspend_approval(ctx, project_id, step=step, **body.model_dump())
    return _answer(response, approval_out(report, registry.rules.step_names))


@router.post("/{step}/resumption", response_model=ApprovalOut, summary="恢复计时 / resume")
def resume(
    project_id: UUID,
    step: str,
    body: ResumeIn,
    registry: RegistryDep,
    ctx: ContextDep,
    principal: WritersDep,
    expected: IfMatchDep,
    response: Response,
) -> ApprovalOut:
    """The suspension ended on ``on``; the clock runs again after it."""
    load_for_write(registry, project_id, principal, expected)
    with domain_errors():
        report = registry.resume_approval(ctx, project_id, step=step, on=body.on)
    return _answer(response, approval_out(report, registry.rules.step_names))
