"""Test helpers shared by the services' and the suite's tests.

Real processes only: a service runs as ``uvicorn --factory <svc>.main:app_factory``
on a free port, with its own SQLite files or its own PostgreSQL database, and
is killed by PID — never by name, never anything the test did not start.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import IO

import httpx
import psycopg
from psycopg import sql

from servicekit.core.settings import ServiceSettings
from servicekit.dev.natsserver import free_port
from servicekit.web.auth import DevIssuer, Principal, Role

ADMIN_URL_ENV = "KPD_TEST_POSTGRES_URL"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


def postgres_admin_url() -> str:
    return os.environ.get(ADMIN_URL_ENV, DEFAULT_ADMIN_URL)


def postgres_available(admin_url: str | None = None) -> bool:
    try:
        with psycopg.connect(admin_url or postgres_admin_url(), connect_timeout=3):
            return True
    except psycopg.Error:
        return False


def create_database(prefix: str = "kpd_test", admin_url: str | None = None) -> str:
    """Create a fresh database; returns its URL."""
    admin = admin_url or postgres_admin_url()
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return admin.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str, admin_url: str | None = None) -> None:
    admin = admin_url or postgres_admin_url()
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def token_for(
    key_path: Path, role: Role | str, unit: str | None = None, user: str | None = None
) -> str:
    issuer = DevIssuer(key_path)
    return issuer.issue(Principal(user=user or f"test-{role}", role=Role(role), unit=unit))


class ServiceProcess:
    """One kpd service as a real child process."""

    def __init__(
        self, service: str, env: Mapping[str, str], log_dir: Path, port: int | None = None
    ):
        self.service = service
        self.port = port or free_port()
        self.env = {**os.environ, **env, "KPD_SERVICE": service}
        self.log_path = log_dir / f"{service}-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def migrate(self) -> None:
        subprocess.run(
            [sys.executable, "-m", "servicekit.runtime.migrate", "--service", self.service],
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self, extra_env: Mapping[str, str] | None = None, wait_ready: bool = True) -> None:
        env = {**self.env, **(extra_env or {})}
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--factory",
                f"{self.service}.main:app_factory",
                "--host",
                "127.0.0.1",
                "--port",
                str(self.port),
                "--no-access-log",
            ],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        self.wait_healthy(ready=wait_ready)

    def wait_healthy(self, ready: bool = True, timeout: float = 60.0) -> None:
        path = "/readyz" if ready else "/healthz"
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(f"{self.service} exited:\n{self.log_tail()}")
            try:
                if httpx.get(self.url + path, timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        raise TimeoutError(
            f"{self.service} not {'ready' if ready else 'alive'}:\n{self.log_tail()}"
        )

    def wait_exit(self, timeout: float = 30.0) -> int:
        assert self.proc is not None
        return self.proc.wait(timeout)

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.kill()
        if self._log is not None:
            self._log.close()
            self._log = None

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"


def local_settings(
    service: str, var_dir: Path, database_url: str = "", **overrides: object
) -> ServiceSettings:
    """Settings for an in-process service (TestClient): its store under ``var_dir``.

    NATS points at a closed port unless overridden: HTTP commands must work
    without the bus (events wait in the store's log for the relay).
    """
    values: dict[str, object] = {
        "service": service,
        "var_dir": var_dir,
        "database_url": database_url,
        "nats_url": f"nats://127.0.0.1:{free_port()}",
        "jwt_dev_key": var_dir / "keys" / "dev-jwt-ed25519.pem",
        **overrides,
    }
    return ServiceSettings.model_validate(values)
