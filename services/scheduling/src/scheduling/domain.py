"""Scheduling domain (aggregates arrive with the scheduling issue). Imports no framework."""

from __future__ import annotations


class SchedulingError(Exception):
    """A command the scheduling rules refuse."""
