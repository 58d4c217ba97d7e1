"""Monthly project warnings (红黄绿灯), domain.md §7; thresholds come from the policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

LIGHT_ORDER = {"green": 0, "yellow": 1, "red": 2}
LIGHT_NAMES = {"green": "绿灯", "yellow": "黄灯", "red": "红灯"}


@dataclass(frozen=True)
class WarningThresholds:
    start_red_after_months: int
    investment_yellow_behind_pp: Decimal
    investment_red_behind_pp: Decimal


@dataclass(frozen=True)
class Warning:
    month: str
    start_light: str
    investment_light: str

    @property
    def overall(self) -> str:
        return max(self.start_light, self.investment_light, key=LIGHT_ORDER.__getitem__)


def month_index(month: str) -> int:
    """Months since year 0 for a ``YYYY-MM`` string (for month arithmetic)."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def start_light(
    month: str, planned_start: date, under_way: bool, thresholds: WarningThresholds
) -> str:
    """Yellow when due to start by this month and not started; red from the Nth month."""
    if under_way:
        return "green"
    # Not strftime("%Y"): it gives "999" for the year 999, which an older event may hold.
    months_due = month_index(month) - (planned_start.year * 12 + planned_start.month - 1) + 1
    if months_due < 1:
        return "green"
    return "red" if months_due >= thresholds.start_red_after_months else "yellow"


def investment_light(
    month: str,
    year_to_date: Decimal,
    annual_planned: Decimal,
    thresholds: WarningThresholds,
) -> str:
    """Points behind 序时进度 (months elapsed ÷ 12): yellow in the band, red beyond it."""
    if annual_planned <= 0:
        return "green"
    schedule_pp = Decimal(int(month[5:7])) * 100 / 12
    completion_pp = year_to_date * 100 / annual_planned
    behind = schedule_pp - completion_pp
    if behind > thresholds.investment_red_behind_pp:
        return "red"
    if behind >= thresholds.investment_yellow_behind_pp:
        return "yellow"
    return "green"
