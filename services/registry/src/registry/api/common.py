"""Shared route helpers: the application, the read session, errors → problem+json, shapes."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import Depends

from registry.api.schemas import (
    ApprovalOut,
    ProjectOut,
    ReportOut,
    StepOut,
    VisitOut,
    WarningOut,
)
from registry.application import ApprovalReport, Registry
from registry.application.base import UnknownObjectError
from registry.domain import ConflictingCommandError, Project, RegistryError
from registry.domain.progress import cumulative_through, year_to_date
from servicekit.web.dependencies import ReadSessionDep, application_of
from servicekit.web.domain_errors import problems_from

RegistryDep = Annotated[Registry, Depends(application_of(Registry))]
ReadDep = ReadSessionDep


def domain_errors() -> AbstractContextManager[None]:
    """Refused input → 422 naming the field; illegal now → 409 saying why; unknown → 404."""
    return problems_from(
        [
            (RegistryError, "unprocessable"),
            (ConflictingCommandError, "conflict"),
            (UnknownObjectError, "not_found"),
        ]
    )


def project_out(project: Project, unit_name: str | None = None) -> ProjectOut:
    month = project.latest_month()
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
        project_unit_name=unit_name,
        total_investment=f"{project.total_investment:.4f}",
        annual_planned_investment=f"{project.annual_planned_investment:.4f}",
        planned_start=project.planned_start,
        planned_completion=project.planned_completion,
        is_new=project.is_new,
        is_industrial=project.is_industrial,
        stage=project.stage,
        stage_history=[{"stage": s, "on": on.isoformat()} for s, on in project.stage_history],
        cumulative_investment=f"{cumulative_through(project.reports, month or ''):.4f}",
        year_to_date_investment=f"{year_to_date(project.reports, month or '0000-00'):.4f}",
        last_reported_month=month,
        sponsor=project.sponsors[-1] if project.sponsors else None,
        sponsors=list(project.sponsors),
        visits=[VisitOut(leader=v[0], on=v[1], kind=v[2], notes=v[3]) for v in project.visits],
        reports=[
            ReportOut(
                month=r.month,
                investment_completed=f"{r.investment_completed:.4f}",
                physical_progress=r.physical_progress,
                photos=list(r.photos),
                correction=r.correction,
            )
            for r in project.reports
        ],
        warnings=[
            WarningOut(
                month=w.month,
                start_light=w.start_light,
                investment_light=w.investment_light,
                overall=w.overall,
            )
            for w in sorted(project.warnings.values(), key=lambda w: w.month)
        ],
        approval_working_days_used=project.approval_used,
    )


def approval_out(report: ApprovalReport, names: dict[str, str]) -> ApprovalOut:
    return ApprovalOut(
        project_id=str(report.project.id),
        version=report.project.version,
        as_of=report.as_of,
        working_days_used=report.working_days_used,
        remaining=report.remaining,
        limit=report.limit,
        status=report.status,
        calendar_source=report.calendar_source,
        steps=[
            StepOut(
                step=s.step,
                name=names.get(s.step, s.step),
                submitted_on=s.submitted_on,
                granted_on=s.granted_on,
                working_days_used=s.working_days_used,
                suspended=s.suspended,
            )
            for s in report.steps
        ],
    )
