"""Year-end assessment routes: scores, the office's proposal, HQ's approval."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, status

from assessment.api.routes import AppDep, OfficeDep, ReaderDep, refused
from assessment.api.schemas import AssessmentOut, ProposalIn, PublishIn
from assessment.application import Assessment
from assessment.application.figures import score_row
from assessment.domain import AssessmentError
from servicekit.web.auth import Principal, Role, require_roles
from servicekit.web.dates import BusinessYear
from servicekit.web.dependencies import ContextDep
from servicekit.web.versioning import IfMatchDep, check_version

router = APIRouter(prefix="/v1", tags=["assessment"])

CommanderDep = Annotated[Principal, Depends(require_roles(Role.COMMANDER))]
YearPath = Annotated[BusinessYear, Path()]


def assessment_out(app: Assessment, year: int) -> AssessmentOut:
    record = app.year_assessment(year)
    latest = record.latest if record is not None else None
    if latest is None:  # today's draft: current facts and notices
        counted: dict[str, int] | None = app.notice_versions(year)
        scores, positions = app.year_scores(year, notice_versions=counted)
        rows = [score_row(s) for s in scores]
    else:
        rows, positions = latest["rows"], latest["source_positions"]
        counted = latest.get("counted_notices")
    return AssessmentOut(
        year=year,
        published=latest is not None,
        assessment_version=None if latest is None else latest["version"],
        version=record.version if record is not None else 0,
        rows=rows,
        source_positions=positions,
        counted_notices=counted,
        suggested=app.suggest_from_rows(rows),
        proposal=record.proposal if record is not None else None,
        proposal_reason=record.proposal_reason if record is not None else "",
        approved=record.approved if record is not None else None,
    )


@router.get(
    "/assessments/{year}", response_model=AssessmentOut, summary="年度考核 / year-end assessment"
)
def get_assessment(year: YearPath, app: AppDep, _: ReaderDep) -> AssessmentOut:
    """Published scores and ranks (or today's draft), the office's proposal and HQ's approval."""
    return assessment_out(app, year)


@router.post(
    "/assessments/{year}",
    response_model=AssessmentOut,
    status_code=status.HTTP_201_CREATED,
    summary="发布年度考核结果 / publish the year-end scores",
)
def publish_assessment(
    year: YearPath,
    app: AppDep,
    ctx: ContextDep,
    expected: IfMatchDep,
    _: OfficeDep,
    body: PublishIn | None = None,
) -> AssessmentOut:
    """Freeze the year's scores with their source positions (re-issue needs a reason)."""
    existing = app.year_assessment(year)
    if existing is not None:
        check_version(existing, expected)
    try:
        app.publish_assessment(ctx, year, (body or PublishIn()).reason)
    except AssessmentError as exc:
        raise refused(exc) from exc
    return assessment_out(app, year)


@router.post(
    "/assessments/{year}/proposals",
    response_model=AssessmentOut,
    summary="办公室提出奖惩建议 / the office proposes rewards and penalties",
)
def propose_rewards(
    year: YearPath,
    body: ProposalIn,
    app: AppDep,
    ctx: ContextDep,
    expected: IfMatchDep,
    _: OfficeDep,
) -> AssessmentOut:
    """Without ``decisions`` the proposal is the suggestion derived from the published scores."""
    existing = app.year_assessment(year)
    if existing is not None:
        check_version(existing, expected)
    try:
        app.propose_rewards(
            ctx, year, dict(body.decisions) if body.decisions is not None else None, body.reason
        )
    except AssessmentError as exc:
        raise refused(exc) from exc
    return assessment_out(app, year)


@router.post(
    "/assessments/{year}/approval",
    response_model=AssessmentOut,
    summary="总指挥部审定奖惩 / HQ approves the proposal",
)
def approve_rewards(
    year: YearPath, app: AppDep, ctx: ContextDep, expected: IfMatchDep, _: CommanderDep
) -> AssessmentOut:
    """HQ (the commander) approves the office's current proposal."""
    existing = app.year_assessment(year)
    if existing is not None:
        check_version(existing, expected)
    try:
        app.approve_rewards(ctx, year)
    except AssessmentError as exc:
        raise refused(exc) from exc
    return assessment_out(app, year)
