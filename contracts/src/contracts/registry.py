"""Events produced by the registry service (organisation, projects, year lists)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from contracts.base import EventData
from contracts.types import DisplayText, Identifier, Money


class _Registry(EventData):
    producer = "registry"


class OrgUnitRegistered(_Registry):
    """An organisational unit (county, department, sub-command, HQ role) entered the registry."""

    event_name = "OrgUnitRegistered"
    unit_id: Identifier
    kind: Literal["county", "department", "other_unit", "subcommand", "headquarters", "office"]
    name: DisplayText
    attributes: dict[str, str | list[str]] = Field(default_factory=dict)
    effective_on: date


class OrgChanged(_Registry):
    """An organisational unit was renamed, given a new commander or a new member."""

    event_name = "OrgChanged"
    unit_id: Identifier
    change: Literal["renamed", "commander_assigned", "department_added", "department_removed"]
    value: DisplayText
    effective_on: date
    reason: str = Field(default="", max_length=500)


class ProjectRegistered(_Registry):
    """A key project was registered for a year's list."""

    event_name = "ProjectRegistered"
    project_id: Identifier
    name: DisplayText
    county: Identifier
    sector: Identifier
    subcommand: Identifier
    level: Literal["provincial", "city"]
    year: int = Field(ge=2000, le=2100)
    project_unit: Identifier
    total_investment: Money
    annual_planned_investment: Money
    planned_start: date
    planned_completion: date
    is_new: bool
    is_industrial: bool
