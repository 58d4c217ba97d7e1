"""Project commands: registration, stages, monthly progress, sponsorship and visits."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from registry.application.monitoring import MonitoringCommands
from registry.domain import OrgUnit, Project, RegistryError, check_money
from servicekit.core.context import CommandContext, command_method


class ProjectCommands(MonitoringCommands):
    def _county_and_subcommand(self, county: str, sector: str) -> tuple[OrgUnit | None, str | None]:
        """The county's unit, and the sub-command whose sectors include ``sector`` (§2)."""
        # One snapshot of the organisation for both look-ups (one moment).
        org = self.org_directory.current(expect=(county,))
        subcommands = (org[unit_id] for unit_id in self.seed_ids("subcommands") if unit_id in org)
        subcommand = next(
            (u.unit_id for u in subcommands if sector in u.attributes.get("sectors", [])), None
        )
        return org.get(county), subcommand

    @command_method
    def register_project(self, ctx: CommandContext, /, **fields: Any) -> Project:
        """Register a key project; the sector routes it to its sub-command."""
        project = self.new_project(**fields)
        self.save(project)
        return project

    def new_project(
        self,
        *,
        name: str,
        county: str,
        sector: str,
        level: str,
        year: int,
        project_unit: str,
        total_investment: Decimal,
        annual_planned_investment: Decimal,
        planned_start: date,
        planned_completion: date,
        is_new: bool,
        is_industrial: bool,
    ) -> Project:
        """A key project checked against the rules and the organisation, not yet saved
        (an import checks every row before it stores any)."""
        county_unit, subcommand = self._county_and_subcommand(county, sector)
        if county_unit is None or county_unit.kind != "county":
            raise RegistryError(f"未知的县(市、区): {county}", "county")
        if subcommand is None:
            raise RegistryError(f"行业 {sector} 不属于任何分指挥部 / unknown sector", "sector")
        if planned_completion < planned_start:
            raise RegistryError("计划竣工日期早于计划开工日期", "planned_completion")
        if planned_completion.year < year:
            raise RegistryError(
                f"计划竣工早于名单年度 {year} / completes before the list year", "year"
            )
        project = Project(
            name=name,
            county=county,
            sector=sector,
            subcommand=subcommand,
            level=level,
            year=year,
            project_unit=project_unit,
            total_investment=check_money(total_investment, "total_investment"),
            annual_planned_investment=check_money(
                annual_planned_investment, "annual_planned_investment"
            ),
            planned_start=planned_start,
            planned_completion=planned_completion,
            is_new=is_new,
            is_industrial=is_industrial,
        )
        return project

    @command_method
    def change_stage(self, ctx: CommandContext, project_id: UUID, stage: str, on: date) -> Project:
        """开工/复工/竣工/投产 on a business date; illegal transitions are refused."""
        project = self.get_project(project_id)
        project.change_stage(stage, on)
        self.evaluate_warning(project, on.strftime("%Y-%m"))
        self.save(project)
        return project

    @command_method
    def report_progress(
        self,
        ctx: CommandContext,
        project_id: UUID,
        *,
        month: str,
        investment_completed: Decimal,
        physical_progress: str,
        photos: list[str],
    ) -> Project:
        """The month's report; a second report for the month is a correction event."""
        project = self.get_project(project_id)
        amount = check_money(investment_completed, "investment_completed")
        project.report_progress(month, amount, physical_progress, photos)
        self.evaluate_warning(project, month)
        self.save(project)
        return project

    @command_method
    def assign_sponsor(
        self, ctx: CommandContext, project_id: UUID, leader: str, on: date
    ) -> Project:
        """HQ names a city leader to answer for the project (包联)."""
        project = self.get_project(project_id)
        project.assign_sponsor(leader, on)
        self.save(project)
        return project

    @command_method
    def record_visit(
        self,
        ctx: CommandContext,
        project_id: UUID,
        *,
        leader: str,
        on: date,
        kind: str,
        notes: str,
    ) -> Project:
        """A sponsoring leader's site survey (实地调研) or on-site office (现场办公)."""
        project = self.get_project(project_id)
        project.record_visit(leader, on, kind, notes)
        self.save(project)
        return project
