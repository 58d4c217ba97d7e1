"""Compare-and-show tours (比晾晒) per half year."""

from __future__ import annotations

from scheduling.application.base import SchedulingBase
from scheduling.domain import Tour
from servicekit.core.context import CommandContext, command_method


class TourCommands(SchedulingBase):
    @command_method
    def plan_tour(
        self, ctx: CommandContext, *, year: int, half: str, slots: int, quality: dict[str, int]
    ) -> Tour:
        """Share ``slots`` by quality-project counts; unchanged inputs add no event."""
        tour = self.find(Tour, Tour.create_id(year, half)) or Tour(year=year, half=half)
        tour.plan(slots, quality)
        self.save(tour)
        return tour
