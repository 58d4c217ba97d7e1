"""A directory made before the workbench was a producer keeps its accounts after the
migration: its PostgreSQL table ``userdirectory_events`` becomes ``workbench_events``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from servicekit.core.context import SYSTEM
from servicekit.dev.testing import create_database, drop_database
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import create_store_tables
from workbench.directory import UserDirectory
from workbench.legacy import adopt_legacy_table
from workbench.main import migrate
from workbench.settings import WorkbenchSettings


class DirectoryAsReleased(UserDirectory):
    """The directory as it was: named after its class, so its table was too."""

    name = "UserDirectory"


@pytest.fixture
def database_url(postgres_ok: bool) -> Iterator[str]:
    """PostgreSQL only: SQLite's table is stored_events whatever the application's name."""
    if not postgres_ok:
        pytest.skip("PostgreSQL not reachable at KPD_TEST_POSTGRES_URL / 127.0.0.1:5432")
    url = create_database("kpd_wb_legacy")
    try:
        yield url
    finally:
        drop_database(url)


def test_accounts_in_the_legacy_table_survive_the_migration(
    tmp_path: Path, database_url: str
) -> None:
    settings = WorkbenchSettings(var_dir=tmp_path, database_url=database_url)
    create_store_tables(settings, DirectoryAsReleased)
    old = DirectoryAsReleased(env=build_env(settings))
    old.add_user(SYSTEM, "wang.li", role="office", unit=None, password="linfen-2026-strong")
    old.close()

    migrate(settings)
    directory = UserDirectory(env=build_env(settings))
    try:
        account = directory.check_password("wang.li", "linfen-2026-strong")
        assert account is not None
        assert account.role == "office"
    finally:
        directory.close()
    assert adopt_legacy_table(settings) is False, "a second migration leaves it alone"
