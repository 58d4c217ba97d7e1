"""Shared route helpers: the application, the read session, errors → problem+json, shapes."""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date, datetime
from typing import Annotated, Any

from fastapi import Depends, Request

from issues.api.schemas import CounterpartOut, HistoryEntry, IssueOut, SupervisionOut
from issues.application import Issues, UnknownIssueError
from issues.domain import (
    IllegalTransitionError,
    InvalidIssueInputError,
    Issue,
    NotPermittedError,
)
from servicekit.auth import Principal, ensure_scope
from servicekit.domain_errors import problems_from
from servicekit.http import ReadSessionDep, runtime_of
from servicekit.mapper import event_meta

_HIDDEN = {"originator_id", "originator_version", "timestamp", "__meta__", "__chain__"}


async def issues_app(request: Request) -> Issues:
    app = runtime_of(request).app
    assert isinstance(app, Issues)
    return app


IssuesDep = Annotated[Issues, Depends(issues_app)]
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


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def history_of(app: Issues, issue: Issue) -> list[HistoryEntry]:
    """Every event of the issue up to its current version, with actor, role, unit, time."""
    entries = []
    for domain_event in app.events.get(issue.id, lte=issue.version):
        meta = event_meta(domain_event)
        state = vars(domain_event)
        entries.append(
            HistoryEntry(
                event=type(domain_event).__name__,
                version=domain_event.originator_version,
                at=state["timestamp"].isoformat(),
                actor=meta.get("actor"),
                role=meta.get("actorrole"),
                unit=meta.get("actorunit"),
                data={k: _plain(v) for k, v in state.items() if k not in _HIDDEN},
            )
        )
    return entries


def issue_out(app: Issues, issue: Issue) -> IssueOut:
    supervision = issue.supervision
    pending = issue.pending_extension
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
