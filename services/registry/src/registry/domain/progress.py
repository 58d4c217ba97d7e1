"""Monthly progress reports: corrections replace a month's figure, the history keeps both."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0.0000")


@dataclass(frozen=True)
class ProgressEntry:
    """One report as recorded; a later entry for the same month is a correction."""

    month: str
    investment_completed: Decimal
    physical_progress: str
    photos: tuple[str, ...]
    correction: bool


def latest_by_month(entries: list[ProgressEntry]) -> dict[str, ProgressEntry]:
    """The figure in force for each month: the last report for it."""
    latest: dict[str, ProgressEntry] = {}
    for entry in entries:
        latest[entry.month] = entry
    return latest


def cumulative_through(entries: list[ProgressEntry], month: str) -> Decimal:
    """Investment completed in every reported month up to and including ``month``."""
    return sum(
        (e.investment_completed for m, e in latest_by_month(entries).items() if m <= month),
        ZERO,
    )


def year_to_date(entries: list[ProgressEntry], month: str) -> Decimal:
    """Investment completed from January of ``month``'s year up to and including ``month``."""
    year = month[:4]
    return sum(
        (
            e.investment_completed
            for m, e in latest_by_month(entries).items()
            if m[:4] == year and m <= month
        ),
        ZERO,
    )
