"""Commands on one issue: progress, resolve, follow-up, confirm, escalate, extensions,
supervision, counterparts. Thin: load, scope-check, version-check, run, answer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, TypeVar
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from issues.api.common import IssuesDep, domain_errors, ensure_issue_scope
from issues.api.routes import HQ, HQDep, answer
from issues.api.schemas import (
    ConfirmIn,
    CounterpartIn,
    EscalateIn,
    ExtensionDecisionIn,
    ExtensionIn,
    FollowUpIn,
    IssueOut,
    ProgressIn,
    RatingIn,
    ResolveIn,
    SuperviseIn,
)
from issues.application import Issues
from issues.domain import Issue
from servicekit.web.auth import Principal, Role, require_roles
from servicekit.web.dependencies import ContextDep
from servicekit.web.versioning import IfMatchDep, check_version

router = APIRouter(prefix="/v1", tags=["issues"])
F = TypeVar("F", bound=Callable[..., Any])
ANSWERERS = (Role.COUNTY, Role.DEPARTMENT, Role.SUBCOMMAND_COMMANDER, *HQ)
AnswererDep = Annotated[Principal, Depends(require_roles(*ANSWERERS))]
ConfirmerDep = Annotated[Principal, Depends(require_roles(Role.PROJECT_UNIT, *HQ))]
CounterpartDep = Annotated[Principal, Depends(require_roles(Role.DEPARTMENT, *HQ))]


def command_on_issue(
    issues: Issues,
    issue_id: UUID,
    principal: Principal,
    expected: int | None,
    run: Callable[[], Issue],
    response: Response,
) -> IssueOut:
    """Load, scope-check and version-check the issue, then run the command."""
    with domain_errors():
        issue = issues.get_issue(issue_id)
        ensure_issue_scope(principal, issue)
        check_version(issue, expected)
        updated = run()
    return answer(issues, updated, response)


def _route(path: str, summary: str) -> Callable[[F], F]:
    return router.post(f"/issues/{{issue_id}}/{path}", response_model=IssueOut, summary=summary)


@_route("progress", "报告进展 / report progress")
def report_progress(
    issue_id: UUID,
    body: ProgressIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: AnswererDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """The assignee (or the responsible department) reports progress; ``substantive``
    progress resets the 13710 "long-stalled" clock."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.report_progress(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip


@_route("resolve", "办结 / resolve")
def resolve(
    issue_id: UUID,
    body: ResolveIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: AnswererDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """Only the current assignee's side claims the fix (403 for anyone else)."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.resolve(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip


@_route("follow-up", "回访 / follow-up visit")
def follow_up(
    issue_id: UUID,
    body: FollowUpIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: AnswererDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """The assignee's check back with the project unit, due within the policy's working
    days of the claimed fix (a later one is recorded as late)."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.follow_up(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip


@_route("confirm", "确认满意 / confirm satisfaction")
def confirm(
    issue_id: UUID,
    body: ConfirmIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: ConfirmerDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """Only the project unit: satisfied closes (清零销号), unsatisfied reopens with a
    fresh deadline at the same level."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.confirm(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip


@_route("escalate", "升级 / escalate")
def escalate(
    issue_id: UUID,
    body: EscalateIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: HQDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """The office moves a major or difficult issue one level up, with a reason."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.escalate(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip


@_route("extension", "延期 / extension")
def extension(
    issue_id: UUID,
    body: ExtensionIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: AnswererDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """The assignee asks (kept pending for the level above); the level above grants at
    once. Less than the policy's working days before the deadline is 409."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.ask_extension(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip


@_route("extension/decision", "延期审批 / decide an extension request")
def decide_extension(
    issue_id: UUID,
    body: ExtensionDecisionIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: AnswererDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """The level above grants (new deadline) or refuses the pending request."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.decide_extension(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip


@_route("supervise", "纳入13710督办 / put under supervision")
def supervise(
    issue_id: UUID,
    body: SuperviseIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: HQDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """The office decides to supervise an issue (reason ``office_decision``)."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.supervise(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip


@_route("supervision/rating", "督办评价 / rate a closed supervised item")
def rate(
    issue_id: UUID,
    body: RatingIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: HQDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """On closure the assigning unit rates the handling: 优秀/良好/合格/不合格."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.rate_supervision(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip


@_route("counterparts", "对口省直机关协调 / provincial counterpart")
def record_counterpart(
    issue_id: UUID,
    body: CounterpartIn,
    issues: IssuesDep,
    ctx: ContextDep,
    principal: CounterpartDep,
    expected: IfMatchDep,
    response: Response,
) -> IssueOut:
    """The department records coordination with its provincial counterpart (from its
    attachment entry); the clock does not stop for it."""
    return command_on_issue(
        issues, issue_id, principal, expected,
        lambda: issues.record_counterpart(ctx, issue_id, **body.model_dump()), response,
    )  # fmt: skip
