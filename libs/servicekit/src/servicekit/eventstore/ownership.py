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
from collections.abc import Iterator
from pathlib import Path

from servicekit.core.settings import ServiceSettings


class StoreInUseError(RuntimeError):
    """Another live process holds this SQLite store."""


def _holder(lock_path: Path) -> str:
    with contextlib.suppress(OSError):
        text = lock_path.read_text(encoding="utf-8").strip()
        if text.isdigit():
            return f"pid {text}"
    return "another process"


@contextlib.contextmanager
def sole_owner(settings: ServiceSettings) -> Iterator[None]:
    """Hold the service's SQLite store for the life of the block (no-op on PostgreSQL)."""
    if settings.uses_postgres:
        yield
        return
    store = settings.event_store_path
    store.parent.mkdir(parents=True, exist_ok=True)
    lock_path = store.with_name(store.name + ".lock")
    handle = lock_path.open("a+", encoding="utf-8")
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise StoreInUseError(
                f"{settings.service} 的事件库 {store} 正被 {_holder(lock_path)} 使用；"
                "SQLite 事件库只能由一个进程打开（多副本请用 PostgreSQL）/ "
                f"the store {store} is held by {_holder(lock_path)}: one process per SQLite store"
            ) from exc
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        yield
    finally:
        handle.close()  # closing releases the lock
