"""Scheduling domain: meetings, their cadence and chairs, county reports, tours. No framework."""

from scheduling.domain.access import chair_side_may_act
from scheduling.domain.cadence import WorkingDays, meeting_slot, month_end, working_weeks
from scheduling.domain.county_report import CountyMonth
from scheduling.domain.errors import InvalidCommandError, SchedulingError, UnknownObjectError
from scheduling.domain.feeds import CalendarFeed
from scheduling.domain.meeting import LEVELS, SERIES, Decision, Meeting
from scheduling.domain.org import Organisation
from scheduling.domain.tours import THEMES, Tour, allocate_visits
from scheduling.domain.watch import LatestNotice, WatchedIssue, WatchedProject
from scheduling.domain.year_plan import (
    Cadence,
    PlannedMeeting,
    SeriesSlot,
    YearCalendar,
    meeting_key,
    plan_year,
)

__all__ = [
    "LEVELS",
    "SERIES",
    "THEMES",
    "Cadence",
    "CalendarFeed",
    "CountyMonth",
    "Decision",
    "InvalidCommandError",
    "LatestNotice",
    "Meeting",
    "Organisation",
    "PlannedMeeting",
    "SchedulingError",
    "SeriesSlot",
    "Tour",
    "UnknownObjectError",
    "WatchedIssue",
    "WatchedProject",
    "WorkingDays",
    "YearCalendar",
    "allocate_visits",
    "chair_side_may_act",
    "meeting_key",
    "meeting_slot",
    "month_end",
    "plan_year",
    "working_weeks",
]
