"""What the scheduling routes share: the application, read engine, clock, error mapping."""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy import Engine

from scheduling.api.schemas import MeetingOut
from scheduling.application import Scheduling
from scheduling.domain import InvalidCommandError, Meeting, SchedulingError, UnknownObjectError
from servicekit.core.clock import Clock
from servicekit.web.dependencies import application_of
from servicekit.web.domain_errors import problems_from

BUSINESS_ROLES = (
    "commander",
    "office",
    "subcommand_commander",
    "department",
    "county",
    "project_unit",
    "leader",
    "auditor",
)
PLANNERS = ("office", "commander")


async def read_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.infra.engine
    return engine


async def clock(request: Request) -> Clock:
    value: Clock = request.app.state.infra.clock
    return value


SchedulingDep = Annotated[Scheduling, Depends(application_of(Scheduling))]
EngineDep = Annotated[Engine, Depends(read_engine)]
ClockDep = Annotated[Clock, Depends(clock)]


def domain_errors() -> AbstractContextManager[None]:
    """Domain refusals as problems: unknown → 404, bad field → 422, illegal → 409."""
    return problems_from(
        [
            (UnknownObjectError, "not_found"),
            (InvalidCommandError, "unprocessable"),
            (SchedulingError, "conflict"),
        ]
    )


def meeting_out(meeting: Meeting) -> MeetingOut:
    return MeetingOut(
        meeting_id=meeting.meeting_id,
        series=meeting.series,
        title=meeting.title,
        date=meeting.date,
        chair=meeting.chair,
        level=meeting.level,
        subcommand=meeting.subcommand,
        county=meeting.county,
        month=meeting.month,
        status=meeting.status,
        held_on=meeting.held_on,
        version=meeting.version,
        attendees=meeting.attendees,
        decisions=meeting.decisions,
        agenda=meeting.agenda,
        history=meeting.history,
    )
