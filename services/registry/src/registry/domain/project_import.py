"""A workbook import of projects: the job as it ran, and each imported row's key.

An import is all or nothing: every row is checked before any is stored. A row is
known by its year, county and name; the key's claim, saved with the project, makes
the same workbook imported twice register nothing the second time (and completes
an import cut short).
"""

from __future__ import annotations

import uuid
from typing import Any

from eventsourcing.domain import Aggregate, event

IMPORT_NAMESPACE = uuid.UUID("5e7a0c93-41d2-4b6f-8a1e-c3d9f2b04a76")


def row_key(year: int, county: str, name: str) -> str:
    return f"{year}:{county}:{name.strip()}"


class ImportedProject(Aggregate):
    """Which project an imported row became (created with the project, never moved)."""

    @staticmethod
    def create_id(key: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(IMPORT_NAMESPACE, f"row:{key}")

    class Imported(Aggregate.Created):
        key: str
        project_id: str
        import_id: str

    @event(Imported)
    def __init__(self, key: str, project_id: str, import_id: str) -> None:
        self.key = key
        self.project_id = project_id
        self.import_id = import_id


class ProjectImport(Aggregate):
    """One upload: its file, who sent it, and how it ended (stored, or refused by row)."""

    class Started(Aggregate.Created):
        file_sha256: str
        file_name: str
        rows: int

    class Completed(Aggregate.Event):
        created: list[str]
        existing: list[str]

    class Refused(Aggregate.Event):
        errors: list[dict[str, Any]]

    @event(Started)
    def __init__(self, file_sha256: str, file_name: str, rows: int) -> None:
        self.file_sha256 = file_sha256
        self.file_name = file_name
        self.rows = rows
        self.status = "running"
        self.created: list[str] = []
        self.existing: list[str] = []
        self.errors: list[dict[str, Any]] = []

    @event(Completed)
    def complete(self, created: list[str], existing: list[str]) -> None:
        self.status = "completed"
        self.created, self.existing = created, existing

    @event(Refused)
    def refuse(self, errors: list[dict[str, Any]]) -> None:
        self.status = "refused"
        self.errors = errors
