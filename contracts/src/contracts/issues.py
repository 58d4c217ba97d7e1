"""Events produced by the issues service."""

from __future__ import annotations

from contracts.base import EventData


class _Issues(EventData):
    producer = "issues"
