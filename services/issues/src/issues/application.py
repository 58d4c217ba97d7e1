"""Issues application: one method per command or query."""

from __future__ import annotations

from eventsourcing.application import AggregateNotFoundError

from issues.domain import KnownProject
from servicekit.context import CommandContext, command_method
from servicekit.store import KpdApplication


class Issues(KpdApplication):
    name = "issues"

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
        project = KnownProject(
            project_id=project_id,
            name=name,
            county=county,
            sector=sector,
            subcommand=subcommand,
            project_unit=project_unit,
        )
        return project

    def find_project(self, project_id: str) -> KnownProject | None:
        try:
            project: KnownProject = self.repository.get(KnownProject.create_id(project_id))
        except AggregateNotFoundError:
            return None
        return project
