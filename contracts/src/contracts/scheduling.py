"""Events produced by the scheduling service."""

from __future__ import annotations

from contracts.base import EventData


class _Scheduling(EventData):
    producer = "scheduling"
