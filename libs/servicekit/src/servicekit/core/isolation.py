"""One object's failure in a sweep is logged, counted and skipped; the others are swept.

A project stored with the year 999 once made every registry sweep answer 500, so
warnings stopped for every project, not only that one. Sweeps now take each
object in its own ``with failures.isolated(object_id):``; what failed is in the
sweep's report, in the log with its traceback, and in the metric
``kpd_sweep_failures_total`` (through the application's ``failure_listeners``).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

log = logging.getLogger("kpd.sweep")


@dataclass
class SweepFailures:
    sweep: str
    listeners: list[Callable[[str], None]] = field(default_factory=list)
    failed: list[dict[str, str]] = field(default_factory=list)

    @contextmanager
    def isolated(self, object_id: object) -> Iterator[None]:
        try:
            yield
        except Exception as exc:  # each object on its own: any failure is this object's
            log.exception("%s: %s skipped", self.sweep, object_id)
            self.failed.append({"id": str(object_id), "error": f"{type(exc).__name__}: {exc}"})
            for listener in self.listeners:
                listener(self.sweep)
