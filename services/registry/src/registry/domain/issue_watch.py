"""What the registry knows of an issue (from the issues service's events): level and openness.

Sponsorship candidates include projects with an open issue at city level or above.
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

ISSUE_NAMESPACE = uuid.UUID("9a4e6c2b-3f1d-4b8a-b7e2-6d5c4a3b2e11")
CITY_LEVELS = frozenset({"subcommand", "hq", "city_leadership"})


class IssueWatch(Aggregate):
    @staticmethod
    def create_id(issue_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(ISSUE_NAMESPACE, f"issue:{issue_id}")

    class Seen(Aggregate.Created):
        issue_id: str
        project_id: str
        level: str
        open: bool

    class Updated(Aggregate.Event):
        issue_id: str
        project_id: str
        level: str
        open: bool

    @event(Seen)
    def __init__(self, issue_id: str, project_id: str, level: str, open: bool) -> None:
        self.issue_id = issue_id
        self.project_id = project_id
        self.level = level
        self.open = open

    def update(self, level: str | None, open: bool) -> None:
        """Record a new level and/or openness; no event when nothing changed."""
        new_level = level or self.level
        if new_level != self.level or open != self.open:
            self._updated(self.issue_id, self.project_id, new_level, open)

    @event(Updated)
    def _updated(self, issue_id: str, project_id: str, level: str, open: bool) -> None:
        self.level = level
        self.open = open

    @property
    def at_city_level(self) -> bool:
        return self.open and self.level in CITY_LEVELS
