"""Scheduling application: one method per command; queries read the projections."""

from __future__ import annotations

from scheduling.application.feeds import FeedCommands
from scheduling.application.meetings import MeetingCommands
from scheduling.application.reports import ReportCommands
from scheduling.application.tours import TourCommands
from scheduling.application.watch import WatchCommands


class Scheduling(MeetingCommands, ReportCommands, WatchCommands, TourCommands, FeedCommands):
    """The scheduling service's application (会议调度)."""

    name = "scheduling"


__all__ = ["Scheduling"]
