"""Issues domain: problems blocking projects, and what the service knows of projects.

Imports no framework. Projects are learned from registry events (never by
calling the registry), so an issue can be refused for an unknown project.
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

PROJECT_NAMESPACE = uuid.UUID("0b7a3c55-8f7e-4d7f-a1c2-5e9d4c1b2a10")


class KnownProject(Aggregate):
    """A registry project as the issues service needs it (county, unit, sub-command)."""

    @staticmethod
    def create_id(project_id: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(PROJECT_NAMESPACE, project_id)

    class Learned(Aggregate.Created):
        project_id: str
        name: str
        county: str
        sector: str
        subcommand: str
        project_unit: str

    @event(Learned)
    def __init__(
        self,
        project_id: str,
        name: str,
        county: str,
        sector: str,
        subcommand: str,
        project_unit: str,
    ) -> None:
        self.project_id = project_id
        self.name = name
        self.county = county
        self.sector = sector
        self.subcommand = subcommand
        self.project_unit = project_unit
