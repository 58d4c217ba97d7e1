"""Compare-and-show tours (比晾晒): visit slots shared by quality-project counts.

The notice: "优质项目多的县多看,优质项目少的县少看或不看". Slots are shared in
proportion to each county's count of quality projects by the largest-remainder
method (exact fractions, no floats); a county with none gets none; ties of the
remainder go to the county with more quality projects, then by county id.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from eventsourcing.domain import Aggregate, event

TOUR_NAMESPACE = uuid.UUID("5d8e2f13-7a6b-4c9d-8e1f-3a2b4c5d6e77")
THEMES = {"h1": "观摩重点项目建设情况", "h2": "观摩重点项目投产达效情况"}


@dataclass(frozen=True)
class CountyShare:
    county: str
    quality_projects: int
    quota: Fraction
    visits: int

    def explanation(self, slots: int, total: int) -> str:
        if self.quality_projects == 0:
            return "无优质项目,不安排观摩 / no quality project, no visit"
        return (
            f"优质项目 {self.quality_projects} 个,占全市 {self.quality_projects}/{total},"
            f"应得 {slots}×{self.quality_projects}/{total}={float_free(self.quota)} 个名额,"
            f"按最大余额法取整为 {self.visits} 个"
        )


def float_free(value: Fraction, places: int = 4) -> str:
    """A fraction as a decimal string with ``places`` digits, rounded half up, no float."""
    scaled = value * 10**places
    whole = scaled.numerator // scaled.denominator
    if (scaled - whole) * 2 >= 1:
        whole += 1
    sign = "-" if whole < 0 else ""
    digits = str(abs(whole)).rjust(places + 1, "0")
    return f"{sign}{digits[:-places]}.{digits[-places:]}"


def allocate_visits(slots: int, quality: dict[str, int]) -> list[CountyShare]:
    """Share ``slots`` among counties by their quality-project counts (largest remainder)."""
    if slots < 0:
        raise ValueError("slots must be >= 0")
    total = sum(quality.values())
    if total == 0:
        return [CountyShare(c, 0, Fraction(0), 0) for c in sorted(quality)]
    quotas = {county: Fraction(slots * count, total) for county, count in quality.items()}
    visits = {county: quota.numerator // quota.denominator for county, quota in quotas.items()}
    left = slots - sum(visits.values())
    by_remainder = sorted(
        (c for c in quality if quality[c] > 0),
        key=lambda c: (-(quotas[c] - visits[c]), -quality[c], c),
    )
    for county in by_remainder[:left]:
        visits[county] += 1
    return [
        CountyShare(county, quality[county], quotas[county], visits[county])
        for county in sorted(quality, key=lambda c: (-visits[c], -quality[c], c))
    ]


class Tour(Aggregate):
    """A half-year's observation tour plan; planned again only when its inputs change."""

    @staticmethod
    def create_id(year: int, half: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(TOUR_NAMESPACE, f"{year}:{half}")

    class Created(Aggregate.Created):
        year: int
        half: str

    class Planned(Aggregate.Event):
        year: int
        half: str
        slots: int
        quality: dict[str, int]
        allocation: dict[str, int]

    @event(Created)
    def __init__(self, year: int, half: str) -> None:
        self.year = year
        self.half = half
        self.slots: int | None = None
        self.quality: dict[str, int] = {}
        self.allocation: dict[str, int] = {}

    def plan(self, slots: int, quality: dict[str, int]) -> bool:
        """Plan (or re-plan) the tour; False when the same inputs were already planned."""
        if self.slots == slots and self.quality == quality:
            return False
        shares = allocate_visits(slots, quality)
        self._planned(
            self.year, self.half, slots, dict(quality), {s.county: s.visits for s in shares}
        )
        return True

    @event(Planned)
    def _planned(
        self, year: int, half: str, slots: int, quality: dict[str, int], allocation: dict[str, int]
    ) -> None:
        self.slots = slots
        self.quality = quality
        self.allocation = allocation
