"""Assessment application."""

from __future__ import annotations

from servicekit.store import KpdApplication


class Assessment(KpdApplication):
    name = "assessment"
