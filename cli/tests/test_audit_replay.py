"""``kpd audit replay``: an aggregate now and as of a past time; read models rebuilt aside."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from eventsourcing.persistence import Notification
from pydantic import ConfigDict
from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from kpd.audit.replay import rebuild_read_models
from kpd.audit.stores import open_store
from kpd.cli import main
from servicekit.audit.chain import split_state
from servicekit.core.settings import ServiceSettings
from servicekit.dev.testing import local_settings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import create_store_tables
from servicekit.policy import PolicySection
from servicekit.readside.readmodel import (
    ProjectionRunner,
    ReadModelBase,
    create_read_engine,
    create_read_tables,
)
from servicekit.runtime.infrastructure import Infrastructure
from servicekit.runtime.service import ServiceParts

from .test_audit_toys import Project, RegistryApp, ToySuite, build_toy_suite

APPLICATION = f"{RegistryApp.__module__}:RegistryApp"


@pytest.fixture
def suite(tmp_path: Path) -> ToySuite:
    return build_toy_suite(tmp_path / "var")


def replay(suite: ToySuite, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    capsys.readouterr()
    args = ["audit", "replay", "--var-dir", str(suite.var_dir), "--service", "registry"]
    code = main([*args, "--application", APPLICATION, "--aggregate", suite.project_uuid, *extra])
    return code, capsys.readouterr().out


def registered_at(suite: ToySuite) -> str:
    with sqlite3.connect(suite.store("registry")) as conn:
        (state,) = conn.execute("SELECT state FROM stored_events WHERE rowid=1").fetchone()
    return str(split_state(state)[0]["timestamp"]["_data_"])


def test_an_aggregate_is_rebuilt_now_and_as_of_a_past_time(
    suite: ToySuite, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = replay(suite, capsys)
    assert code == 0
    now = json.loads(out)
    assert (now["type"], now["version"], now["percent"]) == ("Project", 2, 35)
    assert now["investment"] == "12.5000"
    assert now["name"] == "汾河大桥"
    code, out = replay(suite, capsys, "--as-of", registered_at(suite))
    assert code == 0
    then = json.loads(out)
    assert (then["version"], then["percent"]) == (1, 0)
    code, _ = replay(suite, capsys, "--as-of", "2000-01-01")
    assert code == 1


class ToyProjectRow(ReadModelBase):
    __tablename__ = "audit_toy_projects"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(100))
    percent: Mapped[int] = mapped_column(Integer)


class ToyProjection:
    name = "toy_projects"

    def apply(self, session: Session, domain_event: Any, notification: Notification) -> None:
        if isinstance(domain_event, Project.Registered):
            session.add(
                ToyProjectRow(id=str(domain_event.originator_id), name=domain_event.name, percent=0)
            )
        elif type(domain_event).__qualname__ == "Project.Progressed":
            row = session.get(ToyProjectRow, str(domain_event.originator_id))
            assert row is not None
            row.percent = domain_event.percent


class ToyPolicy(PolicySection, section="registry"):
    # The toy needs no rule of its own; it reads the real file and keeps nothing.
    model_config = ConfigDict(extra="ignore", frozen=True)


def toy_main() -> SimpleNamespace:
    def migrate(settings: ServiceSettings) -> None:
        create_store_tables(settings, RegistryApp)
        create_read_tables(create_read_engine(settings))

    def build_parts(infra: Infrastructure[ToyPolicy]) -> ServiceParts:
        app = RegistryApp(env=build_env(infra.settings))
        runner = ProjectionRunner(app, infra.engine, ToyProjection())
        return ServiceParts(app=app, translate=lambda _: None, workers=[runner])

    return SimpleNamespace(migrate=migrate, build_parts=build_parts, POLICY=ToyPolicy)


def test_read_models_are_rebuilt_into_a_fresh_directory(suite: ToySuite, tmp_path: Path) -> None:
    source = open_store(local_settings("registry", suite.var_dir), RegistryApp)
    before = suite.store("registry").read_bytes()
    try:
        result = rebuild_read_models(toy_main(), source, "registry", tmp_path / "rebuilt")  # type: ignore[arg-type]
    finally:
        source.close()
    assert result["projections"] == {"toy_projects": 5}
    assert result["tables"]["audit_toy_projects"] == 1
    with sqlite3.connect(tmp_path / "rebuilt" / "registry-read.sqlite") as conn:
        assert conn.execute("SELECT name, percent FROM audit_toy_projects").fetchall() == [
            ("汾河大桥", 35)
        ]
    assert suite.store("registry").read_bytes() == before, "the audited store is only read"
