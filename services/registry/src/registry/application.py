"""Registry application: one method per command or query."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from importlib import resources
from typing import Any
from uuid import UUID

import yaml
from eventsourcing.application import AggregateNotFoundError

from registry.domain import OrgUnit, Project, RegistryError, check_money
from servicekit.context import CommandContext, command_method
from servicekit.store import KpdApplication

ORG_KINDS = ("counties", "departments", "other_units", "subcommands")


def seed_organisation() -> dict[str, Any]:
    """The project's copy of the Linfen organisation (shared/spec/linfen-org.yaml)."""
    text = resources.files("registry.data").joinpath("linfen-org.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


class Registry(KpdApplication):
    name = "registry"

    def seed_ids(self, kind_plural: str) -> list[str]:
        """Ids of one kind of unit in the seed organisation, in seed order."""
        return [str(entry["id"]) for entry in seed_organisation().get(kind_plural, [])]

    @command_method
    def load_organisation(self, ctx: CommandContext, org: dict[str, Any], on: date) -> int:
        """Register every unit of the seed not yet known; returns how many were new."""
        new_units: list[OrgUnit] = []
        for kind_plural in ORG_KINDS:
            kind = kind_plural.rstrip("s").replace("countie", "county")
            for entry in org.get(kind_plural, []):
                unit_id = str(entry["id"])
                if self.find_org_unit(unit_id) is not None:
                    continue
                attributes = {k: v for k, v in entry.items() if k not in ("id", "name")}
                new_units.append(OrgUnit(unit_id, kind, str(entry["name"]), attributes, on))
        self.save(*new_units)
        return len(new_units)

    def find_org_unit(self, unit_id: str) -> OrgUnit | None:
        try:
            unit: OrgUnit = self.repository.get(OrgUnit.create_id(unit_id))
        except AggregateNotFoundError:
            return None
        return unit

    def subcommand_for_sector(self, sector: str, subcommand_ids: list[str]) -> str | None:
        for subcommand_id in subcommand_ids:
            unit = self.find_org_unit(subcommand_id)
            if unit is not None and sector in unit.attributes.get("sectors", []):
                return subcommand_id
        return None

    @command_method
    def register_project(
        self,
        ctx: CommandContext,
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
        subcommand_ids: list[str],
    ) -> Project:
        """Register a key project; the sector routes it to its sub-command."""
        county_unit = self.find_org_unit(county)
        if county_unit is None or county_unit.kind != "county":
            raise RegistryError(f"未知的县(市、区): {county}", "county")
        subcommand = self.subcommand_for_sector(sector, subcommand_ids)
        if subcommand is None:
            raise RegistryError(f"行业 {sector} 不属于任何分指挥部 / unknown sector", "sector")
        if planned_completion < planned_start:
            raise RegistryError("计划竣工日期早于计划开工日期", "planned_completion")
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
        self.save(project)
        return project

    def get_project(self, project_id: UUID) -> Project:
        project: Project = self.repository.get(project_id)
        return project
