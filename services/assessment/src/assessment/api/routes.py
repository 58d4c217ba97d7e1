"""Assessment routes: rankings, notices, briefs, year-end assessment.

Thin: parse, authorise, call the application, shape the answer. Rankings and
documents are readable by every business role (the notice is sent to all
counties); only the office publishes, only HQ (commander) approves rewards.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from eventsourcing.application import AggregateNotFoundError
from fastapi import APIRouter, Depends, Path, Query, Response, status

from assessment.api.schemas import (
    BriefStatusOut,
    NoticeOut,
    PublishIn,
    RankingOut,
    RecomputeOut,
)
from assessment.application import Assessment
from assessment.application.figures import ranking_body
from assessment.brief.charts import CjkFontMissingError
from assessment.brief.documents import (
    pdf_available,
    render_docx,
    render_html,
    render_md,
    render_pdf,
)
from assessment.domain import AssessmentError, TransitionError
from assessment.domain.aggregates import Notice
from servicekit.web.auth import Principal, Role, require_roles
from servicekit.web.dates import BusinessMonth
from servicekit.web.dependencies import ContextDep, application_of
from servicekit.web.problems import (
    ConflictError,
    NotFoundError,
    ServiceUnavailableError,
    UnprocessableError,
)
from servicekit.web.versioning import IfMatchDep, check_version, set_etag

router = APIRouter(prefix="/v1", tags=["assessment"])

READERS = (
    Role.COMMANDER,
    Role.OFFICE,
    Role.LEADER,
    Role.AUDITOR,
    Role.SUBCOMMAND_COMMANDER,
    Role.DEPARTMENT,
    Role.COUNTY,
)
ReaderDep = Annotated[Principal, Depends(require_roles(*READERS))]
OfficeDep = Annotated[Principal, Depends(require_roles(Role.OFFICE))]
MonthPath = Annotated[BusinessMonth, Path(description="YYYY-MM")]
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


AppDep = Annotated[Assessment, Depends(application_of(Assessment))]


def refused(exc: AssessmentError) -> Exception:
    """Domain refusal → 409 for a state conflict, 422 naming the field otherwise."""
    if isinstance(exc, TransitionError):
        return ConflictError(str(exc))
    field = f"body.{exc.field}" if exc.field in ("reason", "decisions") else f"path.{exc.field}"
    return UnprocessableError(str(exc), errors=[{"field": field, "message": str(exc)}])


def notice_out(notice: Notice, version: int | None = None) -> NoticeOut:
    if not notice.versions:
        raise NotFoundError(f"{notice.month} 通报尚未发布 / not published")
    if version is not None and not 1 <= version <= len(notice.versions):
        raise NotFoundError(f"{notice.month} 通报没有第 {version} 版 / no such version")
    chosen: dict[str, Any] = notice.versions[(version or len(notice.versions)) - 1]
    return NoticeOut(
        month=notice.month,
        schedule_pct=chosen["schedule_pct"],
        rows=chosen["rows"],
        unranked=chosen["unranked"],
        source_positions=chosen["source_positions"],
        notice_version=chosen["version"],
        versions=len(notice.versions),
        version=notice.version,
        reason=chosen["reason"],
        consequences=chosen["consequences"],
        consequences_issued=notice.consequences_issued,
    )


@router.get("/rankings/{month}", response_model=RankingOut, summary="月度排名 / monthly ranking")
def get_ranking(month: MonthPath, app: AppDep, _: ReaderDep) -> RankingOut:
    """Current ranking of counties with projects on the year's list (not frozen; see notices)."""
    ranking, positions = app.ranking(month)
    return RankingOut(**ranking_body(ranking), source_positions=positions)


@router.post(
    "/notices/{month}",
    response_model=NoticeOut,
    status_code=status.HTTP_201_CREATED,
    summary="发布一月一通报 / publish the monthly notice",
)
def publish_notice(
    month: MonthPath,
    app: AppDep,
    ctx: ContextDep,
    expected: IfMatchDep,
    response: Response,
    _: OfficeDep,
    body: PublishIn | None = None,
) -> NoticeOut:
    """Freeze the ranking and apply reminders (提醒) and interviews (约谈).

    A second publication of the month is refused (409) unless ``reason`` is given:
    then it is a new version and both are kept.
    """
    existing = app.notice(month)
    if existing is not None:
        check_version(existing, expected)
    try:
        notice = app.publish_notice(ctx, month, (body or PublishIn()).reason)
    except AssessmentError as exc:
        raise refused(exc) from exc
    set_etag(response, notice.version)
    return notice_out(notice)


@router.get("/notices/{month}", response_model=NoticeOut, summary="已发布通报 / published notice")
def get_notice(
    month: MonthPath,
    app: AppDep,
    response: Response,
    _: ReaderDep,
    notice_version: Annotated[int | None, Query(ge=1)] = None,
    as_of: Annotated[datetime | None, Query(description="RFC 3339 timestamp")] = None,
) -> NoticeOut:
    """The notice as published: latest version or ``notice_version``; ``as_of`` a past time."""
    notice = app.notice(month)
    if notice is not None and as_of is not None:
        try:
            notice = app.get_as_of(notice.id, as_of)
        except AggregateNotFoundError:
            notice = None
    if notice is None:
        raise NotFoundError(f"{month} 通报尚未发布 / no notice for {month}")
    set_etag(response, notice.version)
    return notice_out(notice, notice_version)


@router.get(
    "/notices/{month}/recompute",
    response_model=RecomputeOut,
    summary="按记录位置重算通报 / recompute a notice from its recorded positions",
)
def recompute_notice(
    month: MonthPath,
    app: AppDep,
    _: ReaderDep,
    notice_version: Annotated[int | None, Query(ge=1)] = None,
) -> RecomputeOut:
    """Rebuild the figures from the kept event history up to the notice's positions and compare."""
    published = notice_out(app.notice(month) or Notice(month), notice_version)
    recomputed = ranking_body(app.ranking_at(month, published.source_positions))
    frozen = [row.model_dump() for row in published.rows]
    differences = [
        f"{a['county']}: {key} {a[key]} ≠ {b[key]}"
        for a, b in zip(frozen, recomputed["rows"], strict=False)
        for key in a
        if a[key] != b.get(key)
    ]
    if len(frozen) != len(recomputed["rows"]):
        differences.append("row count differs")
    return RecomputeOut(
        month=month,
        notice_version=published.notice_version,
        source_positions=published.source_positions,
        matches=not differences,
        differences=differences,
    )


@router.post(
    "/briefs/{month}",
    response_model=BriefStatusOut,
    status_code=status.HTTP_201_CREATED,
    summary="发布一月一专报 / publish the monthly brief",
)
def publish_brief(
    month: MonthPath,
    app: AppDep,
    ctx: ContextDep,
    expected: IfMatchDep,
    _: OfficeDep,
    body: PublishIn | None = None,
) -> BriefStatusOut:
    """Freeze the brief at the current positions (re-issue needs a reason)."""
    existing = app.brief(month)
    if existing is not None:
        check_version(existing, expected)
    try:
        brief = app.publish_brief(ctx, month, (body or PublishIn()).reason)
    except AssessmentError as exc:
        raise refused(exc) from exc
    latest = brief.latest or {}
    return BriefStatusOut(
        month=month,
        brief_version=latest["version"],
        version=brief.version,
        lagging_counties=latest["lagging_counties"],
        lagging_county_names=app.with_facts(
            lambda facts: [facts.name_of(county) for county in latest["lagging_counties"]]
        ),
        source_positions=latest["source_positions"],
    )


@router.get(
    "/briefs/{month}",
    summary="一月一专报 / the monthly brief document",
    responses={200: {"content": {"text/html": {}, "text/markdown": {}, DOCX_TYPE: {}}}},
)
def get_brief(
    month: MonthPath,
    app: AppDep,
    _: ReaderDep,
    format: Annotated[str, Query(pattern="^(html|md|docx|pdf)$")] = "html",
    brief_version: Annotated[int | None, Query(ge=1)] = None,
) -> Response:
    """The brief for city leaders: a published version as frozen, else today's draft."""
    brief = app.brief(month)
    version: int | None = None
    positions: dict[str, int] | None = None
    if brief is not None and brief.versions:
        index = (brief_version or len(brief.versions)) - 1
        if not 0 <= index < len(brief.versions):
            raise NotFoundError(f"{month} 专报没有第 {brief_version} 版 / no such version")
        version, positions = index + 1, brief.versions[index]["source_positions"]
    elif brief_version is not None:
        raise NotFoundError(f"{month} 专报尚未发布 / not published")
    if format == "pdf" and not pdf_available():
        raise UnprocessableError(
            "PDF 需要安装 WeasyPrint(可选依赖 pdf)/ PDF needs the optional WeasyPrint",
            errors=[{"field": "query.format", "message": "pdf is not available on this server"}],
        )
    content, _positions = app.brief_content(month, positions)
    filename = f"brief-{month}"
    try:
        if format == "md":
            return Response(render_md(content, version), media_type="text/markdown; charset=utf-8")
        if format == "docx":
            return Response(
                render_docx(content, version),
                media_type=DOCX_TYPE,
                headers={"Content-Disposition": f'attachment; filename="{filename}.docx"'},
            )
        if format == "pdf":
            return Response(render_pdf(content, version), media_type="application/pdf")
        return Response(render_html(content, version), media_type="text/html; charset=utf-8")
    except CjkFontMissingError as exc:
        raise ServiceUnavailableError(str(exc)) from exc
