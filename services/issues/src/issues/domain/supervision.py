"""13710 supervision rules: when an issue enters supervision and which limits it missed.

"1/3/7/1 month/0": assigned the same day, arrangements reported within 3 days,
an ordinary item resolved within 7 days, a major one within a month, all closed
out. The clock runs from the day the item entered supervision (its 13710
assignment); whether it counts calendar or working days is a policy value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from issues.domain.issue import Issue
from issues.domain.values import OPEN_UNRESOLVED

AddDays = Callable[[date, int], date]


@dataclass(frozen=True)
class SupervisionRules:
    stalled_after_days: int
    unresolved_dispatch_meetings: int
    limits_days: Mapping[str, int]
    major_levels: frozenset[str]


def entry_reason(
    issue: Issue, as_of: date, dispatch_meetings_since_raised: int, rules: SupervisionRules
) -> str | None:
    """Why the issue enters supervision as of ``as_of`` (None: it does not, or already did).

    Long-stalled: unresolved with no substantive progress for more than the
    policy's days (calendar days: "more than 1 month"), or unresolved across
    the policy's number of dispatch meetings held since it was raised.
    """
    if issue.supervision is not None or issue.status not in OPEN_UNRESOLVED:
        return None
    if as_of < issue.raised_on:
        return None
    if (as_of - issue.last_substantive_on).days > rules.stalled_after_days:
        return "stalled"
    if dispatch_meetings_since_raised >= rules.unresolved_dispatch_meetings:
        return "dispatch_meetings"
    return None


def is_major(level: str, rules: SupervisionRules) -> bool:
    return level in rules.major_levels


def limit_dues(issue: Issue, rules: SupervisionRules, add_days: AddDays) -> dict[str, date]:
    """The due day of each 13710 limit that applies to this supervised issue."""
    supervision = issue.supervision
    assert supervision is not None
    start = supervision.since
    resolve = "resolve_major" if supervision.major else "resolve_ordinary"
    return {
        "assign": add_days(start, rules.limits_days["assign"]),
        "report": add_days(start, rules.limits_days["report"]),
        resolve: add_days(start, rules.limits_days[resolve]),
    }


def missed_limits(
    issue: Issue, as_of: date, rules: SupervisionRules, add_days: AddDays
) -> list[tuple[str, date]]:
    """Limits whose due day passed before ``as_of`` without being met, not yet recorded.

    assign: met on entry (the item is assigned to its current answerer that day);
    report: any progress report or resolution on or before the due day;
    resolve: a claimed fix on or before the due day.
    """
    supervision = issue.supervision
    if supervision is None:
        return []
    start = supervision.since
    missed: list[tuple[str, date]] = []
    for limit, due in limit_dues(issue, rules, add_days).items():
        if limit in supervision.missed or as_of <= due or limit == "assign":
            continue
        resolved = any(start <= day <= due for day in issue.resolution_dates) or (
            issue.status not in OPEN_UNRESOLVED
            and issue.resolved_on is not None
            and issue.resolved_on <= due
        )
        reported = any(start <= day <= due for day in issue.report_dates)
        met = (reported or resolved) if limit == "report" else resolved
        if not met:
            missed.append((limit, due))
    return missed
