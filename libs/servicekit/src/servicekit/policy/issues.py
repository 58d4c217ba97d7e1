"""The issues service's rule parameters (policy file section ``issues``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from servicekit.policy.base import Strict


class SupervisionPolicy(Strict):
    stalled_after_days: int = Field(ge=1)
    unresolved_dispatch_meetings: int = Field(ge=1)
    clock_unit: Literal["calendar_days", "working_days"]
    limits_days: dict[Literal["assign", "report", "resolve_ordinary", "resolve_major"], int]


class IssuesPolicy(Strict):
    deadline_working_days: dict[
        Literal["county", "department", "subcommand", "hq", "city_leadership"], int
    ]
    follow_up_working_days: int = Field(ge=1)
    extension_min_notice_working_days: int = Field(ge=0)
    supervision: SupervisionPolicy
    sweep_interval_seconds: int = Field(ge=0)

    @model_validator(mode="after")
    def _every_level(self) -> IssuesPolicy:
        missing = {"county", "department", "subcommand", "hq", "city_leadership"} - set(
            self.deadline_working_days
        )
        if missing:
            raise ValueError(f"deadline_working_days lacks levels: {sorted(missing)}")
        return self
