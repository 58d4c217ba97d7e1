"""Suite-wide fixtures: real nats-server per test, real PostgreSQL databases, service processes.

PostgreSQL is the machine's (127.0.0.1:5432, or ``KPD_TEST_POSTGRES_URL``); each
test gets a database of its own, dropped afterwards. When PostgreSQL cannot be
reached the ``postgres`` cases are skipped with the reason — except under CI
(``CI=true``), where that is a failure: CI must prove both stores.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from servicekit.dev.natsserver import NatsServerProcess
from servicekit.dev.testing import create_database, drop_database, postgres_available
from tests.support import Suite
from tests.workbench_support import WorkbenchStack


@pytest.fixture
def nats_server(tmp_path: Path) -> Iterator[NatsServerProcess]:
    server = NatsServerProcess(tmp_path / "nats")
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def postgres_ok() -> bool:
    ok = postgres_available()
    if not ok and os.environ.get("CI"):
        pytest.fail("CI requires PostgreSQL at 127.0.0.1:5432 (or KPD_TEST_POSTGRES_URL)")
    return ok


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, postgres_ok: bool) -> str:
    if request.param == "postgres" and not postgres_ok:
        pytest.skip("PostgreSQL not reachable at KPD_TEST_POSTGRES_URL / 127.0.0.1:5432")
    return str(request.param)


@pytest.fixture
def database_url(backend: str) -> Iterator[str]:
    if backend == "sqlite":
        yield ""
        return
    url = create_database()
    try:
        yield url
    finally:
        drop_database(url)


@pytest.fixture
def suite(tmp_path: Path, nats_server: NatsServerProcess, database_url: str) -> Iterator[Suite]:
    s = Suite(tmp_path, nats_server, database_url)
    try:
        yield s
    finally:
        s.stop_all()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The fault tests' figures (lost, duplicated, catch-up seconds) in every run's summary."""
    figures = sys.modules.get("tests.faults.figures")
    lines: list[str] = list(getattr(figures, "REPORTED", []))
    if lines:
        terminalreporter.section("fault figures")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def workbench_stack(
    tmp_path_factory: pytest.TempPathFactory, postgres_ok: bool
) -> Iterator[WorkbenchStack]:
    """Four services, NATS and the workbench as real processes, shared by a session."""
    root = tmp_path_factory.mktemp("workbench-stack")
    nats = NatsServerProcess(root / "nats")
    nats.start()
    database_url = create_database("kpd_wb") if postgres_ok else ""
    stack = WorkbenchStack(root, nats, database_url)
    try:
        stack.start()
        yield stack
    finally:
        stack.stop()
        nats.stop()
        if database_url:
            drop_database(database_url)
