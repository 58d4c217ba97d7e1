"""The periodic worker every service's sweep runs on."""

from __future__ import annotations

import asyncio
import logging

import pytest

from servicekit.runtime.periodic import PeriodicWorker


def run_for(worker: PeriodicWorker[int], seconds: float) -> None:
    async def main() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(worker.run(stop))
        await asyncio.sleep(seconds)
        stop.set()
        await asyncio.wait_for(task, 1.0)  # a stop ends the wait between runs at once

    asyncio.run(main())


class Job:
    def __init__(self) -> None:
        self.runs = 0

    def __call__(self) -> int:
        self.runs += 1
        return self.runs


def test_runs_at_start_then_every_interval() -> None:
    job = Job()
    durations: list[float] = []
    run_for(PeriodicWorker("t", 0.1, job, observe=durations.append), 0.35)
    assert 3 <= job.runs <= 4
    assert len(durations) == job.runs


def test_first_after_interval_does_not_run_at_start() -> None:
    job = Job()
    run_for(PeriodicWorker("t", 0.3, job, first_after_interval=True), 0.15)
    assert job.runs == 0
    run_for(PeriodicWorker("t", 0.1, job, first_after_interval=True), 0.15)
    assert job.runs == 1


def test_an_interval_of_zero_disables_the_worker() -> None:
    job = Job()
    run_for(PeriodicWorker("t", 0, job), 0.05)
    assert job.runs == 0


def test_the_outcome_is_logged_in_one_line(caplog: pytest.LogCaptureFixture) -> None:
    job = Job()
    with caplog.at_level(logging.INFO, logger="kpd.periodic"):
        run_for(PeriodicWorker("sweep", 10, job, describe=lambda n: f"run {n}"), 0.05)
    assert [r.getMessage() for r in caplog.records] == ["sweep: run 1"]
