"""The projection's batch path (registrations as one Core executemany) writes what
applying the same events one at a time writes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import Engine, create_engine, select
from sqlalchemy.orm import Session

from registry.application import Registry
from registry.domain import Project
from registry.projections.projects import ProjectsProjection
from registry.projections.tables import ProgressRow, ProjectRow
from servicekit.core.context import SYSTEM
from servicekit.readside.readmodel import ProjectionRunner, create_read_tables


class OneAtATime:
    """The same projection without its batch path."""

    name = "registry_projects"

    def __init__(self) -> None:
        self.inner = ProjectsProjection()

    def apply(self, session: Session, domain_event: Any, notification: Notification) -> None:
        self.inner.apply(session, domain_event, notification)


def history(registry: Registry, register: Callable[..., Project]) -> None:
    """Registrations interleaved with events that need the rows they created."""
    first = register()
    second = register(name="侯马市物流园")
    registry.change_stage(SYSTEM, first.id, "started", date(2026, 3, 16))
    registry.report_progress(
        SYSTEM,
        second.id,
        month="2026-10",
        investment_completed=Decimal("300.5000"),
        physical_progress="主体完成",
        photos=[],
    )
    register(name="乡宁县光伏电站")


def rows(engine: Engine) -> list[tuple[Any, ...]]:
    with Session(engine) as session:
        projects = [tuple(r) for r in session.execute(select(ProjectRow.__table__)).all()]
        progress = [tuple(r) for r in session.execute(select(ProgressRow.__table__)).all()]
    return sorted(projects, key=repr) + sorted(progress, key=repr)


def engine_of(path: Path) -> Engine:
    return create_engine(f"sqlite:///{path}")


def projected(registry: Registry, projection: Any, path: Path) -> list[tuple[Any, ...]]:
    engine = engine_of(path)
    create_read_tables(engine)
    runner = ProjectionRunner(registry, engine, projection, batch_size=1000)
    assert runner.catch_up() > 0
    return rows(engine)


def test_one_batch_writes_what_one_event_at_a_time_writes(
    registry: Registry, register: Callable[..., Project], tmp_path: Path
) -> None:
    history(registry, register)
    batched = projected(registry, ProjectsProjection(), tmp_path / "batched.db")
    single = projected(registry, OneAtATime(), tmp_path / "single.db")
    assert batched == single
    with Session(engine_of(tmp_path / "batched.db")) as session:
        projects = {p.name: p for p in session.scalars(select(ProjectRow))}
        progress = session.scalars(select(ProgressRow)).all()
    assert set(projects) == {"临汾市尧都区综合管廊工程", "侯马市物流园", "乡宁县光伏电站"}
    assert projects["临汾市尧都区综合管廊工程"].stage == "started"
    assert projects["侯马市物流园"].cumulative_investment == Decimal("300.5000")
    assert [p.month for p in progress] == ["2026-10"]


def test_the_batch_comes_from_memory_and_from_the_log_alike(
    registry: Registry, register: Callable[..., Project], tmp_path: Path
) -> None:
    history(registry, register)
    from_memory = projected(registry, ProjectsProjection(), tmp_path / "memory.db")
    registry.recent.clear()  # as after a restart: everything is read from the log
    from_log = projected(registry, ProjectsProjection(), tmp_path / "log.db")
    assert from_memory == from_log
