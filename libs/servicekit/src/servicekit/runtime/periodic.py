"""One periodic worker for every service: run a job every interval until the runtime stops.

The sweeps of the notice's clocks (registry approval clocks and warnings, issue
deadlines and 13710 supervision, missing county reports) are the same loop
around a different command. The job runs in a worker thread (it uses the
store), its outcome is logged in one line, and its duration can be observed
as a metric. An interval of 0 disables the worker (operators then sweep
through the service's admin route).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable
from typing import Generic, TypeVar

T = TypeVar("T")

log = logging.getLogger("kpd.periodic")


class PeriodicWorker(Generic[T]):
    def __init__(
        self,
        name: str,
        interval_s: float,
        job: Callable[[], T],
        *,
        describe: Callable[[T], str | None] = lambda _: None,
        observe: Callable[[float], None] | None = None,
        first_after_interval: bool = False,
    ) -> None:
        """``first_after_interval``: a start does not run the job by itself."""
        self.name = name
        self.interval_s = interval_s
        self.job = job
        self.describe = describe
        self.observe = observe
        self.first_after_interval = first_after_interval
        # Wall-clock time of the last completed run (or of the start): what the
        # KpdSweepStalled alert compares with the interval. None while disabled.
        self.last_run_at: float | None = None

    async def run(self, stop: asyncio.Event) -> None:
        if self.interval_s <= 0:
            return
        if self.last_run_at is None:
            self.last_run_at = time.time()
        if self.first_after_interval and await self._stopped_within_interval(stop):
            return
        while not stop.is_set():
            started = time.perf_counter()
            outcome = await asyncio.to_thread(self.job)
            self.last_run_at = time.time()
            if self.observe is not None:
                self.observe(time.perf_counter() - started)
            summary = self.describe(outcome)
            if summary:
                log.info("%s: %s", self.name, summary)
            if await self._stopped_within_interval(stop):
                return

    async def _stopped_within_interval(self, stop: asyncio.Event) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), self.interval_s)
        return stop.is_set()
