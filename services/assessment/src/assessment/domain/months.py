"""Months as ``YYYY-MM`` strings: parsing, ends, arithmetic, exact percentages."""

from __future__ import annotations

import calendar
from datetime import date
from decimal import Decimal
from fractions import Fraction

from assessment.domain import AssessmentError

RATE_PLACES = 6


def parse_month(month: str) -> tuple[int, int]:
    """``"2026-03"`` → ``(2026, 3)``; anything else is refused naming the field."""
    try:
        year_text, month_text = month.split("-")
        year, number = int(year_text), int(month_text)
    except ValueError as exc:
        raise AssessmentError(f"月份格式应为 YYYY-MM: {month}", "month") from exc
    if len(year_text) != 4 or len(month_text) != 2 or not 1 <= number <= 12:
        raise AssessmentError(f"月份格式应为 YYYY-MM: {month}", "month")
    if not 2000 <= year <= 2100:
        raise AssessmentError(f"年份超出范围: {month}", "month")
    return year, number


def month_end(month: str) -> date:
    year, number = parse_month(month)
    return date(year, number, calendar.monthrange(year, number)[1])


def month_index(month: str) -> int:
    """A month's position on a continuous scale, so months can be subtracted."""
    year, number = parse_month(month)
    return year * 12 + number - 1


def month_of_index(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def shift_month(month: str, months: int) -> str:
    return month_of_index(month_index(month) + months)


def month_of(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def round_fraction(value: Fraction, places: int) -> Decimal:
    """An exact fraction as a decimal with ``places`` decimals, rounded half away from zero."""
    scaled = value * 10**places
    sign = -1 if scaled < 0 else 1
    rounded = (abs(scaled) * 2 + 1) // 2
    return Decimal(sign * int(rounded)).scaleb(-places)


def as_percent(value: Fraction) -> Decimal:
    """A rate (0–1) as a percentage with six decimals."""
    return round_fraction(value * 100, RATE_PLACES)


def as_points(value: Fraction) -> Decimal:
    """A score (already on a 0–100 scale) with six decimals."""
    return round_fraction(value, RATE_PLACES)
