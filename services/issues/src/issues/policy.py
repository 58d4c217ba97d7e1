"""The issues service's rule parameters (policy file section ``issues``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from servicekit.policy import PolicySection, Strict

LEVELS = ("county", "department", "subcommand", "hq", "city_leadership")
Level = Literal["county", "department", "subcommand", "hq", "city_leadership"]
MAJOR_LEVELS: tuple[Level, ...] = ("hq", "city_leadership")


class SupervisionPolicy(Strict):
    stalled_after_days: int = Field(ge=1)
    unresolved_dispatch_meetings: int = Field(ge=1)
    clock_unit: Literal["calendar_days", "working_days"]
    limits_days: dict[Literal["assign", "report", "resolve_ordinary", "resolve_major"], int]
    # Items at these levels run on the "major or complex" clock (1 month, not 7 days).
    major_levels: list[Level] = Field(default_factory=lambda: list(MAJOR_LEVELS))

    @model_validator(mode="after")
    def _every_limit(self) -> SupervisionPolicy:
        missing = {"assign", "report", "resolve_ordinary", "resolve_major"} - set(self.limits_days)
        if missing:
            raise ValueError(f"limits_days lacks limits: {sorted(missing)}")
        return self


class DepartmentDuty(Strict):
    """One entry of the notice's attachment (市直部门联动机制职责分工)."""

    issue_categories: list[str] = Field(default_factory=list)
    provincial_counterparts: list[str] = Field(default_factory=list)


class IssuesPolicy(PolicySection, section="issues"):
    deadline_working_days: dict[
        Literal["county", "department", "subcommand", "hq", "city_leadership"], int
    ]
    follow_up_working_days: int = Field(ge=1)
    extension_min_notice_working_days: int = Field(ge=0)
    supervision: SupervisionPolicy
    sweep_interval_seconds: int = Field(ge=0)
    # Categories no single department's attachment entry owns: category → unit id, or
    # "sector_lead" (the project's sector's lead department). Department categories are
    # learned from the registry's OrgUnitRegistered (attribute issue_categories).
    category_routing: dict[str, str] = Field(
        default_factory=lambda: {
            "power_connection": "state_grid_linfen",
            "land_acquisition_demolition": "natural_resources",
            "other": "sector_lead",
        }
    )
    # Sector → its lead department; a sector not listed falls back to the first
    # lead unit of its sub-command.
    sector_lead_departments: dict[str, str] = Field(default_factory=dict)
    # The attachment's duty matrix (department → categories, provincial counterparts)
    # and the sub-commands' lead units, from the seed organisation (linfen-org.yaml).
    duty_matrix: dict[str, DepartmentDuty] = Field(default_factory=dict)
    subcommand_lead_units: dict[str, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _every_level(self) -> IssuesPolicy:
        missing = set(LEVELS) - set(self.deadline_working_days)
        if missing:
            raise ValueError(f"deadline_working_days lacks levels: {sorted(missing)}")
        return self
