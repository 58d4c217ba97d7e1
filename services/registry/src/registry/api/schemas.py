"""Request and response bodies. Unknown fields are refused; server-owned fields are absent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Money = Annotated[
    Decimal,
    Field(ge=0, le=Decimal("99999999999999"), max_digits=18, decimal_places=4, allow_inf_nan=False),
]


class ProjectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    county: str = Field(min_length=1, max_length=64)
    sector: str = Field(min_length=1, max_length=64)
    level: Literal["provincial", "city"]
    year: int = Field(ge=2000, le=2100)
    project_unit: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")
    total_investment: Money
    annual_planned_investment: Money
    planned_start: date
    planned_completion: date
    is_new: bool
    is_industrial: bool


class ProjectOut(BaseModel):
    id: str
    version: int
    name: str
    county: str
    sector: str
    subcommand: str
    level: str
    year: int
    project_unit: str
    total_investment: str
    annual_planned_investment: str
    planned_start: date
    planned_completion: date
    is_new: bool
    is_industrial: bool
    stage: str


class OrgUnitOut(BaseModel):
    id: str
    name: str
    kind: str
