"""One process per SQLite store: a second registry on the same var/ refuses to start and
says which process holds it; once the first is gone (killed, not stopped), a new one
starts. PostgreSQL replicas are unaffected (tests/e2e/test_relay_replicas.py)."""

from __future__ import annotations

import os
import signal

import pytest

from servicekit.dev.testing import ServiceProcess
from tests.support import Suite


def test_a_second_process_on_the_same_sqlite_store_refuses_to_start(
    suite: Suite, backend: str
) -> None:
    if backend != "sqlite":
        pytest.skip("PostgreSQL replicas share a store by design")
    first = suite.start("registry")
    second = ServiceProcess("registry", suite.env(), suite.root)
    try:
        with pytest.raises(RuntimeError) as refused:
            second.start()
        message = str(refused.value)
        assert "SQLite 事件库只能由一个进程打开" in message
        assert f"pid {first.pid}" in message
        # The kernel frees the lock however its holder ends: a kill -9 blocks no successor.
        assert first.pid is not None
        os.kill(first.pid, signal.SIGKILL)
        assert first.proc is not None
        first.proc.wait(timeout=10)
        second.start()
    finally:
        second.stop()
        suite.stop_all()
