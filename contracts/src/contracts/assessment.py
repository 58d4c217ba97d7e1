"""Events produced by the assessment service."""

from __future__ import annotations

from contracts.base import EventData


class _Assessment(EventData):
    producer = "assessment"
