"""The periodic sweep: approval clocks and monthly warnings, every policy interval."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from registry.application import Registry
from servicekit.context import SYSTEM

log = logging.getLogger("kpd.registry.sweep")


class SweepWorker:
    name = "registry-sweep"

    def __init__(self, app: Registry, interval_s: float) -> None:
        self.app = app
        self.interval_s = interval_s

    async def run(self, stop: asyncio.Event) -> None:
        # The first sweep waits one interval: a start (or restart) records nothing by itself.
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval_s)
            if stop.is_set():
                return
            today = self.app.clock.today()
            report = await asyncio.to_thread(self.app.sweep, SYSTEM, today)
            log.info(
                "sweep %s: %d projects, %d warnings changed, %d SLA flags",
                today,
                report.projects_checked,
                report.warnings_changed,
                report.sla_flags_raised,
            )
