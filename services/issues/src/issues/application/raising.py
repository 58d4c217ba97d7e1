"""Raising issues: by people over HTTP, or from meeting decisions (scheduling events)."""

from __future__ import annotations

import uuid
from datetime import date

from issues.application.base import IssuesBase
from issues.domain import (
    LEVELS,
    DutyMatrix,
    InvalidIssueInputError,
    Issue,
    KnownProject,
    NotPermittedError,
    answerer_for,
    next_level,
)
from servicekit.core.context import CommandContext, command_method

# Who may raise an issue as which kind of source (domain spec §5).
RAISER_ROLES = {
    "project_unit": {"project_unit"},
    "county": {"county"},
    "leader": {"leader"},
    "office": {"office", "commander"},
}
# "The office or the county may start it one level higher with a reason."
MAY_START_HIGHER = {"office", "county"}


class RaisingCommands(IssuesBase):
    def responsible_department(
        self, category: str, project: KnownProject, directory: DutyMatrix
    ) -> str:
        """The notice's duty matrix: category → department; the rest → sector lead."""
        routed = self.rules.category_routing.get(category)
        if routed is None:
            routed = directory.category_departments.get(category)
        if routed is None:
            raise InvalidIssueInputError(
                f"未知的问题类别 {category};可用类别:{', '.join(self.categories(directory))} / "
                f"unknown issue category",
                "category",
            )
        if routed != "sector_lead":
            return routed
        lead = self.rules.sector_lead_departments.get(project.sector) or (
            directory.first_lead_unit(project.subcommand)
        )
        if lead is None:
            raise InvalidIssueInputError(
                f"行业 {project.sector} 没有牵头部门 / no lead department for the project's sector",
                "category",
            )
        return lead

    def unit_kind(self, unit: str, county: str | None) -> str:
        """What a decision's assignee is: the decision's county, a sub-command, HQ or a
        department (any other city unit)."""
        if unit == county:
            return "county"
        if unit in self.rules.subcommand_lead_units:
            return "subcommand"
        return "hq" if unit in ("hq", "office") else "department"

    def categories(self, directory: DutyMatrix) -> list[str]:
        return sorted(set(directory.category_departments) | set(self.rules.category_routing))

    @command_method
    def raise_issue(
        self,
        ctx: CommandContext,
        *,
        project_id: str,
        category: str,
        title: str,
        description: str,
        raised_by: str,
        raised_on: date,
        start_level: str = "county",
        start_reason: str | None = None,
    ) -> Issue:
        """A problem blocking a registry project: assigned at county level with a deadline."""
        project = self.find_project(project_id)
        if project is None:
            raise InvalidIssueInputError(
                f"项目 {project_id} 不在重点工程项目登记中(本服务尚未获知) / "
                f"project {project_id} is not a registry project known to this service",
                "project_id",
            )
        # The HQ office keeps the problem list (摸实问题清单) and may record any source's issue.
        office = ctx.actorrole in RAISER_ROLES["office"]
        if not office and ctx.actorrole not in RAISER_ROLES.get(raised_by, set()):
            raise NotPermittedError(
                f"角色 {ctx.actorrole} 不能以 {raised_by} 身份提出问题 / "
                f"role {ctx.actorrole} may not raise an issue as {raised_by}"
            )
        if start_level not in ("county", next_level("county")):
            raise InvalidIssueInputError(
                "问题从县级开始,至多高一级 / an issue starts at county, at most one level higher",
                "start_level",
            )
        if start_level != "county":
            if raised_by not in MAY_START_HIGHER:
                raise NotPermittedError(
                    "只有总指挥部办公室或县级可从高一级开始 / only the office or the county "
                    "may start an issue one level higher"
                )
            if not (start_reason or "").strip():
                raise InvalidIssueInputError(
                    "从高一级开始须说明理由 / starting higher needs a reason", "start_reason"
                )
        department = self.responsible_department(category, project, self.directory())
        side = answerer_for(
            start_level, county=project.county, department=department, subcommand=project.subcommand
        )
        issue = Issue(
            key=uuid.uuid4().hex,
            project_id=project.project_id,
            county=project.county,
            subcommand=project.subcommand,
            project_unit=project.project_unit,
            category=category,
            title=title,
            description=description,
            source=raised_by,
            meeting_id=None,
            level=start_level,
            start_reason=start_reason,
            responsible_department=department,
            assignee=side.assignee,
            raised_on=raised_on,
            **self.deadline_after(raised_on, start_level).event_fields(),
        )
        self.save(issue)  # inside the command, so the event carries the caller as actor
        return issue

    @command_method
    def issue_from_decision(
        self,
        ctx: CommandContext,
        *,
        meeting_id: str,
        decision_id: str,
        text: str,
        assignee: str,
        deadline_working_days: int,
        project_id: str | None,
        county: str | None,
        held_on: date,
    ) -> Issue | None:
        """A meeting decision assigning work (交办) becomes an issue (None when already one)."""
        key = f"decision:{decision_id}"
        if self._find(Issue.create_id(key)) is not None:
            return None
        project = self.find_project(project_id) if project_id else None
        kind = self.unit_kind(assignee, county)
        level = {"county": "county", "subcommand": "subcommand", "hq": "hq"}.get(kind, "department")
        return Issue(
            key=key,
            project_id=project_id,
            county=assignee
            if kind == "county"
            else county or (project.county if project else None),
            subcommand=assignee
            if kind == "subcommand"
            else (project.subcommand if project else None),
            project_unit=project.project_unit if project else None,
            category="meeting_decision",
            title=text[:200],
            description=text,
            source="meeting",
            meeting_id=meeting_id,
            level=level if level in LEVELS else "department",
            start_reason=None,
            responsible_department=assignee if level == "department" else None,
            assignee=assignee if level != "hq" else "hq",
            raised_on=held_on,
            **self.count_deadline(held_on, deadline_working_days).event_fields(),
        )
