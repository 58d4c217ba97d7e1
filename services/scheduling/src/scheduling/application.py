"""Scheduling application."""

from __future__ import annotations

from servicekit.store import KpdApplication


class Scheduling(KpdApplication):
    name = "scheduling"
