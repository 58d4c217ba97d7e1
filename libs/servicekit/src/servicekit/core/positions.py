"""The log positions a request's commands wrote: collected here, answered as ``KPD-Position``.

A holder in a context variable: the route may run in a worker thread, which
gets a copy of the context but the same holder object, so what the application
records there after each save is seen by the HTTP layer that answers the
request (``servicekit.web.consistency``). Outside a request nothing is held.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar

_written: ContextVar[list[int] | None] = ContextVar("kpd_written_positions", default=None)


def record_written(positions: Sequence[int]) -> None:
    """Called by the application after each save: the request answers the highest."""
    holder = _written.get()
    if holder is not None and positions:
        holder.append(max(positions))


@contextmanager
def collecting_written() -> Iterator[list[int]]:
    """Collect the positions written while the block runs (one request's)."""
    holder: list[int] = []
    token = _written.set(holder)
    try:
        yield holder
    finally:
        _written.reset(token)
