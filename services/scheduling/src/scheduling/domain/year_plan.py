"""A year's calendar of standing meetings, and the aggregate that says it was generated."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from scheduling.domain.cadence import WorkingDays, meeting_slot
from scheduling.domain.chairs import (
    commander_chair,
    county_chair,
    executive_deputies_chair,
    subcommand_chair,
)
from scheduling.domain.errors import SchedulingError
from scheduling.domain.org import Organisation

CALENDAR_NAMESPACE = uuid.UUID("1e7f0b6a-3c2d-4a59-8f61-2d9c0e4b7a33")


@dataclass(frozen=True)
class SeriesSlot:
    months: tuple[int, ...]
    working_week: int


@dataclass(frozen=True)
class Cadence:
    """The policy's slots per standing series, and the weekday of the slot (1 = Monday)."""

    plenary: SeriesSlot
    dispatch: SeriesSlot
    topical: SeriesSlot
    county: SeriesSlot
    weekday: int


@dataclass(frozen=True)
class PlannedMeeting:
    meeting_id: str
    series: str
    title: str
    date: date
    chair: str
    level: str
    subcommand: str | None
    county: str | None
    month: str


def meeting_key(series: str, month: str, unit: str | None = None) -> str:
    """The stable id of a standing meeting, e.g. ``topical.investment_transport.2025-06``."""
    return ".".join(part for part in (series, unit, month) if part)


def plan_year(
    year: int, cadence: Cadence, calendar: WorkingDays, org: Organisation
) -> list[PlannedMeeting]:
    """Every standing meeting of ``year``: plenary, dispatch, topical per sub-command, county."""
    subcommands = org.of_kind("subcommand")
    counties = org.of_kind("county")
    if not subcommands or not counties:
        raise SchedulingError(
            "尚未从登记服务获知分指挥部和县(市、区) / sub-commands and counties "
            "not yet learned from the registry; retry shortly"
        )
    hq_name = "总指挥部"
    hq = org.headquarters()
    if hq is not None:
        hq_name = hq.name
    planned: list[PlannedMeeting] = []

    def slot(series: SeriesSlot, month: int) -> date:
        return meeting_slot(calendar, year, month, series.working_week, cadence.weekday)

    for month in range(1, 13):
        key = f"{year}-{month:02d}"
        if month in cadence.plenary.months:
            day = slot(cadence.plenary, month)
            title = f"{hq_name}全体会议({key})"
            planned.append(
                PlannedMeeting(
                    meeting_key("plenary", key),
                    "plenary",
                    title,
                    day,
                    commander_chair(org, day),
                    "hq",
                    None,
                    None,
                    key,
                )
            )
        if month in cadence.dispatch.months:
            day = slot(cadence.dispatch, month)
            title = f"{hq_name}调度会议({key})"
            planned.append(
                PlannedMeeting(
                    meeting_key("dispatch", key),
                    "dispatch",
                    title,
                    day,
                    executive_deputies_chair(org),
                    "hq",
                    None,
                    None,
                    key,
                )
            )
        if month in cadence.topical.months:
            day = slot(cadence.topical, month)
            for unit in subcommands:
                planned.append(
                    PlannedMeeting(
                        meeting_key("topical", key, unit.unit_id),
                        "topical",
                        f"{unit.name_on(day)}专题例会({key})",
                        day,
                        subcommand_chair(unit, day),
                        "subcommand",
                        unit.unit_id,
                        None,
                        key,
                    )
                )
        if month in cadence.county.months:
            day = slot(cadence.county, month)
            for unit in counties:
                planned.append(
                    PlannedMeeting(
                        meeting_key("county", key, unit.unit_id),
                        "county",
                        f"{unit.name_on(day)}重点工程项目调度会({key})",
                        day,
                        county_chair(unit, day),
                        "county",
                        None,
                        unit.unit_id,
                        key,
                    )
                )
    return planned


class YearCalendar(Aggregate):
    """A year's standing calendar was generated: its counts and the counties it covers."""

    @staticmethod
    def create_id(year: int, **_: Any) -> uuid.UUID:
        return uuid.uuid5(CALENDAR_NAMESPACE, str(year))

    class Generated(Aggregate.Created):
        year: int
        counts: dict[str, int]
        counties: list[str]

    class Extended(Aggregate.Event):
        counts: dict[str, int]
        counties: list[str]

    @event(Generated)
    def __init__(self, year: int, counts: dict[str, int], counties: list[str]) -> None:
        self.year = year
        self.counts = counts
        self.counties = counties

    @event(Extended)
    def extend(self, counts: dict[str, int], counties: list[str]) -> None:
        """Units learned since the first generation added their meetings."""
        self.counts = counts
        self.counties = counties
