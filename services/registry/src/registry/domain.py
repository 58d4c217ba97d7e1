"""Registry domain: organisational units and key projects as event-sourced aggregates.

Imports no framework: only the ``eventsourcing`` aggregate base and the standard
library. Rules that need parameters receive them from the application (policy).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from eventsourcing.domain import Aggregate, event

ORG_NAMESPACE = uuid.UUID("6f1c2a52-1d3e-4c57-9a0e-3b1f0c6f7a11")


class RegistryError(Exception):
    """A command the registry's rules refuse; ``field`` names the offending input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class OrgUnit(Aggregate):
    """A county, department, sub-command or HQ body; its id follows from its unit id."""

    @staticmethod
    def create_id(unit_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(ORG_NAMESPACE, f"org:{unit_id}")

    class Registered(Aggregate.Created):
        unit_id: str
        kind: str
        name: str
        attributes: dict[str, Any]
        effective_on: date

    @event(Registered)
    def __init__(
        self, unit_id: str, kind: str, name: str, attributes: dict[str, Any], effective_on: date
    ) -> None:
        self.unit_id = unit_id
        self.kind = kind
        self.name = name
        self.attributes = attributes
        self.effective_on = effective_on


MONEY_PLACES = Decimal("0.0001")


def check_money(value: Decimal, field: str) -> Decimal:
    """万元 amounts: finite, not negative, at most four decimal places."""
    if not value.is_finite() or value < 0:
        raise RegistryError("金额必须为非负数 / amount must be a non-negative number", field)
    if value != value.quantize(MONEY_PLACES):
        raise RegistryError("金额最多四位小数 / at most 4 decimal places (万元)", field)
    return value.quantize(MONEY_PLACES)


class Project(Aggregate):
    """A key project on a year's list."""

    class Registered(Aggregate.Created):
        name: str
        county: str
        sector: str
        subcommand: str
        level: str
        year: int
        project_unit: str
        total_investment: Decimal
        annual_planned_investment: Decimal
        planned_start: date
        planned_completion: date
        is_new: bool
        is_industrial: bool

    @event(Registered)
    def __init__(
        self,
        name: str,
        county: str,
        sector: str,
        subcommand: str,
        level: str,
        year: int,
        project_unit: str,
        total_investment: Decimal,
        annual_planned_investment: Decimal,
        planned_start: date,
        planned_completion: date,
        is_new: bool,
        is_industrial: bool,
    ) -> None:
        self.name = name
        self.county = county
        self.sector = sector
        self.subcommand = subcommand
        self.level = level
        self.year = year
        self.project_unit = project_unit
        self.total_investment = total_investment
        self.annual_planned_investment = annual_planned_investment
        self.planned_start = planned_start
        self.planned_completion = planned_completion
        self.is_new = is_new
        self.is_industrial = is_industrial
        self.stage = "preparation"
