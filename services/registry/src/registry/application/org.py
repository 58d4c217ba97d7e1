"""Organisation commands: the seed as events, then renames, commanders and members as events."""

from __future__ import annotations

from datetime import date
from functools import cache
from importlib import resources
from typing import Any

import yaml

from registry.application.base import RegistryBase, UnknownObjectError
from registry.domain import OrgUnit, RegistryError
from servicekit.core.context import CommandContext, command_method

# Seed section → unit kind; single-body sections get a fixed unit id.
ORG_SECTIONS = {
    "counties": "county",
    "departments": "department",
    "other_units": "other_unit",
    "subcommands": "subcommand",
}
SINGLE_BODIES = {"headquarters": "hq", "office": "office"}


@cache
def _seed_text() -> str:
    # Package data never changes while the process runs; parsing it per command
    # cost ~50 ms of every registration (found by the benchmark profile).
    return resources.files("registry.data").joinpath("linfen-org.yaml").read_text("utf-8")


def seed_organisation() -> dict[str, Any]:
    """The project's copy of the Linfen organisation (shared/spec/linfen-org.yaml)."""
    data: dict[str, Any] = yaml.safe_load(_seed_text())
    return data


@cache
def _seed_ids(kind_plural: str) -> tuple[str, ...]:
    section = seed_organisation().get(kind_plural, [])
    if isinstance(section, dict):
        return (SINGLE_BODIES[kind_plural],)
    return tuple(str(entry["id"]) for entry in section)


def seed_entries(org: dict[str, Any]) -> list[tuple[str, str, str, dict[str, Any]]]:
    """(unit id, kind, name, attributes) for every unit of the seed, in seed order."""
    entries: list[tuple[str, str, str, dict[str, Any]]] = []
    for section, unit_id in SINGLE_BODIES.items():
        body = org.get(section)
        if body:
            attributes = {k: v for k, v in body.items() if k != "name"}
            entries.append((unit_id, section, str(body["name"]), attributes))
    for section, kind in ORG_SECTIONS.items():
        for entry in org.get(section, []):
            attributes = {k: v for k, v in entry.items() if k not in ("id", "name")}
            entries.append((str(entry["id"]), kind, str(entry["name"]), attributes))
    return entries


class OrgCommands(RegistryBase):
    def seed_ids(self, kind_plural: str) -> list[str]:
        """Ids of one kind of unit in the seed organisation, in seed order."""
        return list(_seed_ids(kind_plural))

    @command_method
    def load_organisation(self, ctx: CommandContext, org: dict[str, Any], on: date) -> int:
        """Register every unit of the seed not yet known; returns how many were new."""
        new_units = [
            OrgUnit(unit_id, kind, name, attributes, on)
            for unit_id, kind, name, attributes in seed_entries(org)
            if self.find_org_unit(unit_id) is None
        ]
        self.save(*new_units)
        return len(new_units)

    def org_unit(self, unit_id: str) -> OrgUnit:
        unit = self.find_org_unit(unit_id)
        if unit is None:
            raise UnknownObjectError(f"组织单位不存在 / no unit {unit_id}")
        return unit

    def org_units(self, kind_plural: str) -> list[OrgUnit]:
        """The units of one seed section, in seed order."""
        org = self.org_directory.current()
        return [org[unit_id] for unit_id in self.seed_ids(kind_plural) if unit_id in org]

    @command_method
    def change_org_unit(
        self,
        ctx: CommandContext,
        unit_id: str,
        *,
        change: str,
        value: str,
        effective_on: date,
        reason: str,
    ) -> OrgUnit:
        """Rename a unit, name its commander, or add/remove a member department."""
        unit = self.load_org_unit(unit_id)
        if change == "renamed":
            unit.rename(value, effective_on, reason)
        elif change == "commander_assigned":
            unit.assign_commander(value, effective_on, reason)
        else:
            department = self.find_org_unit(value)
            if department is None or department.kind not in ("department", "other_unit"):
                raise RegistryError(f"部门不存在 / no department {value}", "value")
            if change == "department_added":
                unit.add_department(value, effective_on, reason)
            else:
                unit.remove_department(value, effective_on, reason)
        self.save(unit)
        return unit
