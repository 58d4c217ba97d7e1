"""Facts learned from other services' events: projects and dispatch meetings."""

from __future__ import annotations

from datetime import date

from issues.application.base import IssuesBase
from issues.domain import DispatchMeetings, KnownProject
from servicekit.core.context import CommandContext, command_method


class LearningCommands(IssuesBase):
    @command_method
    def learn_project(
        self,
        ctx: CommandContext,
        *,
        project_id: str,
        name: str,
        county: str,
        sector: str,
        subcommand: str,
        project_unit: str,
    ) -> KnownProject:
        """Remember a registry project (idempotent: a project is learned once)."""
        existing = self.find_project(project_id)
        if existing is not None:
            return existing
        return KnownProject(
            project_id=project_id,
            name=name,
            county=county,
            sector=sector,
            subcommand=subcommand,
            project_unit=project_unit,
        )

    @command_method
    def record_dispatch_meeting(
        self, ctx: CommandContext, *, meeting_id: str, held_on: date
    ) -> DispatchMeetings:
        """A dispatch meeting (调度会议) was held: counts toward the 13710 two-meeting rule."""
        meetings = self.dispatch_meetings()
        if meetings.held.get(meeting_id) != held_on:
            meetings.record(meeting_id, held_on)
        return meetings
