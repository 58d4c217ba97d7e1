"""The scheduling service's closed sets in its OpenAPI document
(servicekit.web.openapi_sets): meeting series, levels and statuses from the domain's
tables; counties and sub-commands from the organisation it learned, named as today.
"""

from __future__ import annotations

from typing import Any

from contracts.labels import LEVEL_LABELS, MEETING_STATUS_LABELS, SERIES_LABELS
from scheduling.application import Scheduling
from servicekit.web.openapi_sets import ClosedSet

FIXED_SETS = {
    "MeetingOut.series": ClosedSet.of(SERIES_LABELS),
    "MeetingOut.level": ClosedSet.of(LEVEL_LABELS),
    "MeetingOut.status": ClosedSet.of(MEETING_STATUS_LABELS),
}
COUNTY_FIELDS = (
    "CountyReportIn.county",
    "CountyReportOut.county",
    "AdhocMeetingIn.county",
    "DecisionIn.county",
    "MeetingOut.county",
    "TourShareOut.county",
)


def live_sets(app: Any) -> dict[str, ClosedSet]:
    if not isinstance(app, Scheduling):
        return {}
    org, today = app.organisation(), app.clock.today()
    counties = ClosedSet.of({u.unit_id: u.name_on(today) for u in org.of_kind("county")})
    subcommands = ClosedSet.of({u.unit_id: u.name_on(today) for u in org.of_kind("subcommand")})
    return {
        **dict.fromkeys(COUNTY_FIELDS, counties),
        **dict.fromkeys(("AdhocMeetingIn.subcommand", "MeetingOut.subcommand"), subcommands),
    }
