"""A stand-in project aggregate and a bulk loader writing sealed events through the library.

``BenchApplication`` is a ``KpdApplication``: every save seals the events into
the per-stream hash chain and stamps actor metadata, exactly as the services'
saves do. ``RawApplication`` is plain ``eventsourcing`` on the same store kind:
the baseline that shows what kpd's own layer costs.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from eventsourcing.application import Application
from eventsourcing.domain import Aggregate, event

from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.environment import store_environment
from servicekit.eventstore.store import KpdApplication, create_store_tables

A = TypeVar("A", bound=Application[uuid.UUID])

PROJECT_FIELDS: dict[str, Any] = {
    "name": "临汾市尧都区综合管廊工程",
    "county": "yaodu",
    "sector": "transport",
    "level": "city",
    "year": 2026,
    "project_unit": "unit-yaodu-001",
    "total_investment": Decimal("12000.0000"),
    "annual_planned_investment": Decimal("1200.0000"),
    "is_new": True,
}


class BenchProject(Aggregate):
    """Shaped like a registry project: one creation event, then monthly reports."""

    @event("Registered")
    def __init__(
        self,
        name: str,
        county: str,
        sector: str,
        level: str,
        year: int,
        project_unit: str,
        total_investment: Decimal,
        annual_planned_investment: Decimal,
        is_new: bool,
    ) -> None:
        self.name = name
        self.county = county
        self.reports: dict[str, Decimal] = {}

    @event("ProgressReported")
    def report(self, month: str, investment_completed: Decimal, physical_progress: str) -> None:
        self.reports[month] = investment_completed


class BenchApplication(KpdApplication):
    name = "bench"


class RawApplication(Application[uuid.UUID]):
    """Plain eventsourcing: no sealing, no metadata, default mapper."""

    name = "raw"


def new_project(index: int) -> BenchProject:
    return BenchProject(**{**PROJECT_FIELDS, "name": f"基准项目{index}"})


def store_settings(var_dir: Path, database_url: str = "", schema: str = "bench") -> ServiceSettings:
    """Settings naming a store of its own (a SQLite file under var_dir, or a PostgreSQL schema)."""
    return ServiceSettings(
        service="registry",
        var_dir=var_dir,
        database_url=database_url,
        postgres_schema=schema,
        postgres_pool_size=10,
    )


def open_app(app_class: type[A], settings: ServiceSettings) -> A:
    """Create the store's tables (once) and open an application on it."""
    create_store_tables(settings, app_class)  # type: ignore[arg-type]
    return app_class(env=store_environment(settings))


@dataclass
class LoadedStore:
    """What a bulk load left behind: the ids to read back, how many events, how fast."""

    ids: list[uuid.UUID] = field(default_factory=list)
    events: int = 0
    seconds: float = 0.0


def bulk_load(
    app: KpdApplication,
    events: int,
    loaded: LoadedStore,
    *,
    events_per_project: int = 5,
    projects_per_save: int = 200,
    progress: Callable[[int], None] | None = None,
) -> LoadedStore:
    """Append about ``events`` sealed events to ``app``'s store (grows ``loaded`` in place)."""
    started = time.perf_counter()
    target = loaded.events + events
    while loaded.events < target:
        batch = []
        for _ in range(projects_per_save):
            project = new_project(len(loaded.ids))
            for month in range(1, events_per_project):
                project.report(f"2026-{month:02d}", Decimal("100.0000"), "主体施工")
            batch.append(project)
            loaded.ids.append(project.id)
        app.save(*batch)
        loaded.events += projects_per_save * events_per_project
        if progress is not None:
            progress(loaded.events)
    loaded.seconds += time.perf_counter() - started
    return loaded
