"""One process per SQLite event store: a second one refuses to start, saying who holds it.

Two processes of one service on the same SQLite file would both relay, both sweep,
both dispatch; PostgreSQL replicas coordinate with advisory locks, a file cannot.
The claim is an exclusive ``flock`` on ``<store>.lock`` holding the owner's pid:
the kernel releases it when the process ends, however it ends, so a crashed
owner never blocks its successor.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from servicekit.core.settings import ServiceSettings


class StoreInUseError(RuntimeError):
    """Another live process holds this SQLite store."""


def _holder(lock_path: Path) -> str:
    with contextlib.suppress(OSError):
        text = lock_path.read_text(encoding="utf-8").strip()
        if text.isdigit():
            return f"pid {text}"
    return "another process"


# Claims held by this process: {lock file: (open handle, holders)}. The rule is one
# *process* per store; within a process an app may be started twice (a test client
# running the lifespan, then another client on the same app).
_HELD: dict[Path, tuple[IO[str], int]] = {}
_HELD_LOCK = threading.Lock()


def _claim(lock_path: Path, settings: ServiceSettings) -> None:
    with _HELD_LOCK:
        if lock_path in _HELD:
            handle, holders = _HELD[lock_path]
            _HELD[lock_path] = (handle, holders + 1)
            return
        handle = lock_path.open("a+", encoding="utf-8")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.close()
            store = settings.event_store_path
            raise StoreInUseError(
                f"{settings.service} 的事件库 {store} 正被 {_holder(lock_path)} 使用；"
                "SQLite 事件库只能由一个进程打开（多副本请用 PostgreSQL）/ "
                f"the store {store} is held by {_holder(lock_path)}: one process per SQLite store"
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        _HELD[lock_path] = (handle, 1)


def _release(lock_path: Path) -> None:
    with _HELD_LOCK:
        handle, holders = _HELD.pop(lock_path)
        if holders > 1:
            _HELD[lock_path] = (handle, holders - 1)
        else:
            handle.close()  # closing releases the lock


@contextlib.contextmanager
def sole_owner(settings: ServiceSettings) -> Iterator[None]:
    """Hold the service's SQLite store for the life of the block (no-op on PostgreSQL)."""
    if settings.uses_postgres:
        yield
        return
    store = settings.event_store_path
    store.parent.mkdir(parents=True, exist_ok=True)
    lock_path = (store.parent / (store.name + ".lock")).resolve()
    _claim(lock_path, settings)
    try:
        yield
    finally:
        _release(lock_path)
