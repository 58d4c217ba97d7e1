"""Consequences of ranking low (domain.md §7, notice 二(六)): reminder (提醒), interview (约谈)."""

from __future__ import annotations

from collections.abc import Mapping, Set
from dataclasses import dataclass

from assessment.domain.months import month_index, shift_month


@dataclass(frozen=True)
class ConsequenceRules:
    reminder_after_consecutive_low: int
    interview_after_consecutive_low: int
    interview_if_low_within_months_of_reminder: int


@dataclass(frozen=True)
class Consequence:
    county: str
    kind: str  # "reminder" | "interview"
    reason: str  # "consecutive_low" | "three_consecutive_low" | "low_after_reminder"
    consecutive_low: int


def consecutive_low(county: str, month: str, published_low: Mapping[str, Set[str]]) -> int:
    """Months in a row, ending with ``month``, whose published notice flagged the county low.

    A month without a published notice breaks the run: consequences follow notices.
    """
    run, current = 0, month
    while current in published_low and county in published_low[current]:
        run += 1
        current = shift_month(current, -1)
    return run


def decide_consequences(
    month: str,
    low_now: Set[str],
    earlier_low: Mapping[str, Set[str]],
    reminded: Mapping[str, Set[str]],
    rules: ConsequenceRules,
) -> list[Consequence]:
    """One consequence at most per low county; an interview outranks a reminder.

    ``earlier_low``: month → low counties of that month's published notice (latest version);
    ``reminded``: county → months in which it was reminded.
    """
    history = {**earlier_low, month: low_now}
    decided: list[Consequence] = []
    for county in sorted(low_now):
        run = consecutive_low(county, month, history)
        recent_reminder = any(
            0
            < month_index(month) - month_index(earlier)
            <= (rules.interview_if_low_within_months_of_reminder)
            for earlier in reminded.get(county, set())
        )
        if run >= rules.interview_after_consecutive_low:
            decided.append(Consequence(county, "interview", "three_consecutive_low", run))
        elif recent_reminder:
            decided.append(Consequence(county, "interview", "low_after_reminder", run))
        elif run >= rules.reminder_after_consecutive_low:
            decided.append(Consequence(county, "reminder", "consecutive_low", run))
    return decided
