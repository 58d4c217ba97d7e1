"""Whose side records a meeting's minutes or moves it: the chair's side, or the office."""

from __future__ import annotations

from scheduling.domain.meeting import Meeting

HQ_SERIES = ("plenary", "dispatch", "interview")


def chair_side_may_act(meeting: Meeting, role: str, unit: str | None) -> bool:
    """The office always; the commander for HQ meetings; a sub-command or county for its own."""
    if role == "office":
        return True
    if role == "commander":
        return meeting.series in HQ_SERIES or meeting.level in ("hq", "city_leadership")
    if meeting.series == "interview":
        return False  # the interviewed county is not the chair's side
    if role == "subcommand_commander":
        return unit is not None and unit == meeting.subcommand
    if role == "county":
        return unit is not None and unit == meeting.county
    return False
