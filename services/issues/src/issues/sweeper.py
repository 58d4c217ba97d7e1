"""The periodic sweep: deadlines, 13710 supervision and limits, every policy interval."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from issues.application import Issues
from issues.metrics import IssueMetrics
from servicekit.context import SYSTEM

log = logging.getLogger("kpd.issues.sweep")


class SweepWorker:
    name = "issues-sweep"

    def __init__(self, app: Issues, interval_s: float, metrics: IssueMetrics) -> None:
        self.app = app
        self.interval_s = interval_s
        self.metrics = metrics

    async def run(self, stop: asyncio.Event) -> None:
        if self.interval_s <= 0:
            return  # disabled by policy: operators run POST /v1/admin/sweep
        while not stop.is_set():
            today = self.app.clock.today()
            started = time.perf_counter()
            report = await asyncio.to_thread(self.app.sweep, SYSTEM, today)
            self.metrics.observe_sweep(time.perf_counter() - started)
            log.info(
                "sweep %s: %d escalated, %d supervised, %d 13710 limits missed",
                today,
                len(report.escalated),
                len(report.supervised),
                len(report.supervision_breaches),
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval_s)
