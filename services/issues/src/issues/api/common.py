"""Shared route helpers: the application, the read session, errors → problem+json, shapes."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import Depends

from contracts.labels import EVENT_LABELS, ROLE_LABELS, label
from issues.api.schemas import CounterpartOut, HistoryEntry, IssueOut, SupervisionOut
from issues.application import Issues, UnknownIssueError
from issues.domain import (
    IllegalTransitionError,
    InvalidIssueInputError,
    Issue,
    NotPermittedError,
)
from servicekit.eventstore.history import history_of as event_history
from servicekit.web.auth import Principal, ensure_scope
from servicekit.web.dependencies import ReadSessionDep, application_of
from servicekit.web.domain_errors import problems_from

IssuesDep = Annotated[Issues, Depends(application_of(Issues))]
ReadDep = ReadSessionDep


def domain_errors() -> AbstractContextManager[None]:
    """Refused input → 422 naming the field; not now → 409 saying why; not you → 403."""
    return problems_from(
        [
            (InvalidIssueInputError, "unprocessable"),
            (IllegalTransitionError, "conflict"),
            (NotPermittedError, "forbidden"),
            (UnknownIssueError, "not_found"),
        ]
    )


def ensure_issue_scope(principal: Principal, issue: Issue) -> None:
    """County: own county's issues; department: issues assigned to or recorded for it;
    project unit: its projects' issues; sub-command: its sub-command's issues."""
    departments = {d for d in (issue.responsible_department, issue.assignee) if d}
    ensure_scope(
        principal,
        county=issue.county,
        department=departments,
        project_unit=issue.project_unit,
        subcommand=issue.subcommand,
    )


# The issue's id is derived from ``key`` (a meeting decision's, an import row's): a
# technical field, not something that happened to the issue.
INTERNAL_FIELDS = frozenset({"key"})


def history_of(app: Issues, issue: Issue) -> list[HistoryEntry]:
    """Every event of the issue up to its current version: what happened (in Chinese),
    who did it with which role for which unit, and when."""
    return [
        HistoryEntry(
            event=record.event_type,
            label=label(EVENT_LABELS, record.event_type),
            version=record.version,
            at=record.recorded_at.isoformat(),
            actor=record.actor,
            role=record.actor_role,
            role_label=label(ROLE_LABELS, record.actor_role) if record.actor_role else None,
            unit=record.actor_unit,
            data={k: v for k, v in record.data.items() if k not in INTERNAL_FIELDS},
        )
        for record in event_history(app, issue.id, lte=issue.version)
    ]


def provisional_note(years: tuple[int, ...]) -> str | None:
    """Why a deadline may be off: its years' holidays were counted as working days."""
    if not years:
        return None
    named = "、".join(str(year) for year in years)
    return (
        f"{named} 年的法定节假日安排尚未载入，此期限暂按周一至周五计算，"
        "可能落在节假日，请以公布的安排为准。"
    )


def issue_out(app: Issues, issue: Issue) -> IssueOut:
    supervision = issue.supervision
    pending = issue.pending_extension
    provisional = app.calendar.fallback_years_between(issue.raised_on, issue.deadline)
    return IssueOut(
        id=str(issue.id),
        version=issue.version,
        project_id=issue.project_id,
        county=issue.county,
        subcommand=issue.subcommand,
        project_unit=issue.project_unit,
        category=issue.category,
        title=issue.title,
        description=issue.description,
        source=issue.source,
        meeting_id=issue.meeting_id,
        status=issue.status,
        level=issue.level,
        assignee=issue.assignee,
        responsible_department=issue.responsible_department,
        deadline=issue.deadline,
        deadline_provisional=bool(provisional),
        deadline_note=provisional_note(provisional),
        raised_on=issue.raised_on,
        resolved_on=issue.resolved_on,
        closed_on=issue.closed_on,
        pending_extension=(
            None
            if pending is None
            else {"working_days": pending[0], "reason": pending[1], "on": pending[2]}
        ),
        counterparts=[
            CounterpartOut(department=d, counterpart=c, note=n, on=on)
            for d, c, n, on in issue.counterparts
        ],
        supervised=supervision is not None,
        supervision=(
            None
            if supervision is None
            else SupervisionOut(
                since=supervision.since,
                reason=supervision.reason,
                major=supervision.major,
                dues=app.supervision_dues(issue),
                missed=list(supervision.missed),
                rating=supervision.rating,
            )
        ),
        history=history_of(app, issue),
    )
