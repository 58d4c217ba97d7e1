"""A throwaway PostgreSQL cluster of the test's own: initdb, start, immediate stop, by PID.

Never the machine's shared server. ``initdb`` refuses to run as root, so under
root the cluster belongs to the ``postgres`` system account (the child process
switches user itself, so the PID we hold is the postmaster's own).
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import IO

import psycopg

from servicekit.dev.natsserver import free_port

CLUSTER_USER = "postgres"


def postgres_binaries() -> Path | None:
    """The directory holding initdb and postgres, or None when not installed."""
    for candidate in [
        shutil.which("initdb"),
        *sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb")),
    ]:
        if candidate:
            bindir = Path(candidate).resolve().parent
            if (bindir / "postgres").is_file():
                return bindir
    return None


def unavailable_reason() -> str | None:
    """Why an own cluster cannot be made here, or None when it can."""
    if postgres_binaries() is None:
        return "initdb/postgres not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam(CLUSTER_USER)
        except KeyError:
            return "running as root and there is no 'postgres' account for initdb"
    return None


class OwnPostgres:
    """One PostgreSQL cluster on a free loopback port, in a temporary directory."""

    def __init__(self) -> None:
        bindir = postgres_binaries()
        assert bindir is not None
        self.bindir = bindir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="kpd-faults-pg-"))
        self.data = self.root / "data"
        self.log_path = self.root / "postgres.log"
        self.user = CLUSTER_USER if os.geteuid() == 0 else None
        if self.user is not None:
            account = pwd.getpwnam(self.user)
            os.chown(self.root, account.pw_uid, account.pw_gid)
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{database}"

    def init(self) -> None:
        subprocess.run(
            [str(self.bindir / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust"],
            user=self.user,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self, timeout: float = 30.0) -> None:
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                str(self.bindir / "postgres"),
                "-D",
                str(self.data),
                "-p",
                str(self.port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                f"unix_socket_directories={self.root}",
                "-c",
                "max_connections=200",
            ],
            user=self.user,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"postgres exited: {self.log_path.read_text()[-2000:]}")
            try:
                with psycopg.connect(self.url(), connect_timeout=1):
                    return
            except psycopg.Error:
                time.sleep(0.1)
        raise TimeoutError(f"postgres not ready in {timeout}s")

    def create_database(self, name: str) -> str:
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop_immediately(self) -> None:
        """SIGQUIT to the postmaster: ``pg_ctl stop -m immediate``, no checkpoint."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGQUIT)
            self.proc.wait(30)
        self._close_log()

    def destroy(self) -> None:
        """Stop (fast shutdown, then SIGKILL) and delete the cluster's directory."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGINT)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.kill(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self._close_log()
        shutil.rmtree(self.root, ignore_errors=True)

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
