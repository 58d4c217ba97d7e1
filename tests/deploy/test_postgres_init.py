"""deploy/postgres/init on a real PostgreSQL: a role and a database per service and workbench.

The init script runs as the postgres image would run it, with a unique prefix
(KPD_PG_PREFIX) so that it never touches the machine's own roles; each service's
migration then runs as its own role in its own database, and one service's role
cannot even connect to another's database.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
from psycopg import sql

from servicekit.core.settings import MIGRATABLE_SERVICES
from servicekit.dev.testing import postgres_admin_url

pytestmark = pytest.mark.postgres
REPO = Path(__file__).resolve().parents[2]
INIT_SCRIPT = REPO / "deploy" / "postgres" / "init" / "10-kpd-databases.sh"


def role_url(admin_url: str, role: str, password: str) -> str:
    parts = urlsplit(admin_url)
    return f"postgresql://{role}:{password}@{parts.hostname}:{parts.port or 5432}/{role}"


@pytest.fixture
def initialised(postgres_ok: bool) -> Iterator[tuple[str, dict[str, str]]]:
    """Run the init script; yields (prefix, service → password); drops it all afterwards."""
    if not postgres_ok:
        pytest.skip("PostgreSQL not reachable at KPD_TEST_POSTGRES_URL / 127.0.0.1:5432")
    if shutil.which("psql") is None:
        pytest.skip("psql not installed (the init script runs it, as the postgres image does)")
    admin = postgres_admin_url()
    parts = urlsplit(admin)
    prefix = f"kpdinit_{uuid.uuid4().hex[:8]}"
    passwords = {service: uuid.uuid4().hex for service in MIGRATABLE_SERVICES}
    env = {
        **os.environ,
        "KPD_PG_PREFIX": prefix,
        "POSTGRES_USER": parts.username or "postgres",
        "POSTGRES_DB": parts.path.lstrip("/") or "postgres",
        "PGHOST": parts.hostname or "127.0.0.1",
        "PGPORT": str(parts.port or 5432),
        "PGPASSWORD": parts.password or "",
        **{f"KPD_PG_{s.upper()}_PASSWORD": p for s, p in passwords.items()},
    }
    try:
        for _ in range(2):  # a second run (container restart) must change nothing
            result = subprocess.run(
                ["bash", str(INIT_SCRIPT)], env=env, capture_output=True, text=True, timeout=60
            )
            assert result.returncode == 0, result.stdout + result.stderr
        yield prefix, passwords
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            for service in MIGRATABLE_SERVICES:
                name = sql.Identifier(f"{prefix}_{service}")
                conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(name))


@pytest.mark.slow
@pytest.mark.parametrize("service", ["registry", "workbench"])
def test_a_service_migrates_as_its_own_role(
    initialised: tuple[str, dict[str, str]], service: str
) -> None:
    prefix, passwords = initialised
    role = f"{prefix}_{service}"
    url = role_url(postgres_admin_url(), role, passwords[service])
    result = subprocess.run(
        [sys.executable, "-m", "servicekit.runtime.migrate", "--service", service],
        env={**os.environ, "KPD_SERVICE": service, "KPD_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    with psycopg.connect(url) as conn:
        owner = conn.execute(
            "SELECT schema_owner FROM information_schema.schemata WHERE schema_name = %s",
            (service,),
        ).fetchone()
    assert owner == (role,)


def test_a_service_role_cannot_open_another_services_database(
    initialised: tuple[str, dict[str, str]],
) -> None:
    prefix, passwords = initialised
    admin = postgres_admin_url()
    intruder = f"{prefix}_issues"
    target = role_url(admin, intruder, passwords["issues"]).rsplit("/", 1)[0]
    with pytest.raises(psycopg.OperationalError, match="permission denied"):
        psycopg.connect(f"{target}/{prefix}_registry", connect_timeout=5)
