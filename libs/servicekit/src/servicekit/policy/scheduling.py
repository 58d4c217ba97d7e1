"""The scheduling service's rule parameters (policy file section ``scheduling``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from servicekit.policy.base import Strict


class MeetingSlot(Strict):
    months: list[int] = Field(default_factory=list)
    working_week: int = Field(ge=1, le=5)


class SchedulingPolicy(Strict):
    plenary: MeetingSlot
    dispatch: MeetingSlot
    topical: MeetingSlot
    county_meeting: dict[Literal["report_within_working_days"], int]
    slot_weekday: int = Field(ge=1, le=5)
    tours: dict[str, str]
