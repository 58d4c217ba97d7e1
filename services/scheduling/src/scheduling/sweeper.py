"""The periodic sweep: flags missing county reports every policy interval."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from scheduling.application import Scheduling
from servicekit.clock import Clock
from servicekit.context import SYSTEM

log = logging.getLogger("kpd.scheduling.sweep")


class SweepWorker:
    name = "sweep:scheduling"

    def __init__(self, app: Scheduling, clock: Clock, interval_s: int) -> None:
        self.app = app
        self.clock = clock
        self.interval_s = interval_s

    async def run(self, stop: asyncio.Event) -> None:
        if self.interval_s <= 0:
            return  # disabled by policy
        while not stop.is_set():
            flagged = await asyncio.to_thread(self.app.sweep, SYSTEM, self.clock.today())
            if flagged:
                log.info("flagged %d missing county reports", len(flagged))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), self.interval_s)
