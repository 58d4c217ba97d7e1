"""The scheduling service's rule parameters (policy file section ``scheduling``)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from servicekit.policy import PolicySection, Strict


class MeetingSlot(Strict):
    """Where a series' meeting falls: months of the year and the working week of the month."""

    months: list[int] = Field(default_factory=lambda: list(range(1, 13)))
    working_week: int = Field(ge=1, le=5)


class CountyMeetingPolicy(Strict):
    report_within_working_days: int = Field(ge=1, le=60)


class InterviewPolicy(Strict):
    """约谈: who chairs it and how soon after the assessment requires it."""

    chair: Literal["commander", "executive_deputy_commanders"]
    within_working_days: int = Field(ge=1, le=60)


class SchedulingPolicy(PolicySection, section="scheduling"):
    plenary: MeetingSlot
    dispatch: MeetingSlot
    topical: MeetingSlot
    county: MeetingSlot
    county_meeting: CountyMeetingPolicy
    interview: InterviewPolicy
    slot_weekday: int = Field(ge=1, le=5)
    tours: dict[str, str]
    sweep_interval_seconds: int = Field(ge=0)
    # Subscription links one person may hold at once (a phone, a desktop, a shared one…).
    calendar_feeds_per_person: int = Field(default=5, ge=1, le=50)
