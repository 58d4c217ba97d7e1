"""The projection runner keeps its position in memory, yet never overwrites a replica's.

Two runners over one read model stand for two replicas of a service.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import Engine, event, select
from sqlalchemy.orm import Session

from servicekit.core.context import SYSTEM, acting_as
from servicekit.dev.testing import local_settings
from servicekit.eventstore.environment import build_env
from servicekit.readside.readmodel import (
    ProjectionMovedError,
    ProjectionRunner,
    create_read_engine,
    create_read_tables,
)

from .test_audit_replay import ToyProjection, ToyProjectRow
from .test_audit_toys import Project, RegistryApp


def checkouts(engine: Engine) -> list[int]:
    """A list that grows by one each time the read model hands out a connection."""
    seen: list[int] = []
    event.listen(engine, "checkout", lambda *_: seen.append(1))
    return seen


def register(app: RegistryApp, *names: str) -> list[Project]:
    projects = [Project(f"p-{name}", name, "yaodu", Decimal("1.0000")) for name in names]
    with acting_as(SYSTEM):
        app.save(*projects)
    return projects


def test_a_runner_that_fell_behind_a_replica_rolls_back_and_resumes(tmp_path: Path) -> None:
    app = RegistryApp(env=build_env(None))
    engine = create_read_engine(local_settings("registry", tmp_path))
    create_read_tables(engine)
    first = ProjectionRunner(app, engine, ToyProjection())
    second = ProjectionRunner(app, engine, ToyProjection())
    register(app, "a", "b")
    assert first.catch_up_once() == 2
    assert second.position() == 2
    register(app, "c")
    assert second.catch_up() == 1  # second reads position 2 from the table, applies "c"
    register(app, "d")
    # first still believes the position is 2: applying "c" again would duplicate it.
    with pytest.raises(ProjectionMovedError):
        first.catch_up_once()
    assert first.catch_up() == 1  # re-read the table (3), then applied only "d"
    with Session(engine) as session:
        names = session.scalars(select(ToyProjectRow.name).order_by(ToyProjectRow.name)).all()
    assert names == ["a", "b", "c", "d"]
    assert first.position() == second.position() == 4


def test_an_idle_check_does_not_touch_the_read_model(tmp_path: Path) -> None:
    app = RegistryApp(env=build_env(None))
    engine = create_read_engine(local_settings("registry", tmp_path))
    create_read_tables(engine)
    runner = ProjectionRunner(app, engine, ToyProjection())
    register(app, "a")
    assert runner.catch_up() == 1
    used = checkouts(engine)
    assert runner.catch_up_once() == 0
    assert used == []


class RegistrationsOnly(ToyProjection):
    name = "toy_registrations"
    event_types = (Project.Registered,)


def test_batches_without_wanted_events_open_no_transaction(tmp_path: Path) -> None:
    app = RegistryApp(env=build_env(None))
    engine = create_read_engine(local_settings("registry", tmp_path))
    create_read_tables(engine)
    runner = ProjectionRunner(app, engine, RegistrationsOnly())
    (project,) = register(app, "a")
    assert runner.catch_up() == 1
    with acting_as(SYSTEM):
        project.progress(40, "主体完工")
        app.save(project)
    used = checkouts(engine)
    assert runner.catch_up_once() == 1  # passed over in memory
    assert used == []
    assert runner.position() == 1  # not yet stored: a restart would re-read it, harmlessly
    register(app, "b")
    assert runner.catch_up_once() == 1
    assert runner.position() == 3  # stored with the next batch that mattered
    restarted = ProjectionRunner(app, engine, RegistrationsOnly())
    assert restarted.catch_up_once() == 0
