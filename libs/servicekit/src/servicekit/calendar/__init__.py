"""Working-day calendar (Chinese statutory calendar, office overrides, Mon–Fri fallback).

See domain spec §4: "within N working days of D" ends on the N-th working day after
D; a span from D1 to D2 counts the working days after D1 up to and including D2.
"""

from servicekit.calendar.overrides import (
    CalendarOverrideError,
    OverrideMapping,
    OverrideYear,
    parse_overrides,
    read_overrides_yaml,
)
from servicekit.calendar.results import (
    CalendarSource,
    DeadlineResult,
    WorkingDayCount,
    weakest_source,
)
from servicekit.calendar.statutory import statutory_years
from servicekit.calendar.working_days import WorkingDayCalendar

__all__ = [
    "CalendarOverrideError",
    "CalendarSource",
    "DeadlineResult",
    "OverrideMapping",
    "OverrideYear",
    "WorkingDayCalendar",
    "WorkingDayCount",
    "parse_overrides",
    "read_overrides_yaml",
    "statutory_years",
    "weakest_source",
]
