"""Open-loop load: requests are due on a fixed schedule whether or not earlier ones returned.

A closed loop slows down with the server and hides queueing; an offered rate
does not. Latency is counted from each request's due time, so time spent
waiting for a free connection is included. The outstanding
requests and an optional pipeline-backlog probe are sampled twice a second.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from bench.httpload import Connection, Outcome

BacklogProbe = Callable[[], Awaitable[float]]
SAMPLE_INTERVAL_S = 0.5


@dataclass
class OpenLoopOutcome(Outcome):
    # (seconds since start, requests not yet answered, pipeline backlog from the probe),
    # every SAMPLE_INTERVAL_S while offering and while draining
    samples: list[tuple[float, float, float]] = field(default_factory=list)
    drained: bool = True


async def open_loop(
    base_url: str,
    make: Callable[[int], bytes],
    rate: float,
    seconds: float,
    *,
    connections: int = 32,
    probe: BacklogProbe | None = None,
    drain_timeout: float = 30.0,
) -> OpenLoopOutcome:
    """Offer ``rate`` requests/s for ``seconds``; wait up to ``drain_timeout`` for the answers."""
    outcome = OpenLoopOutcome()
    queue: asyncio.Queue[tuple[int, float]] = asyncio.Queue()
    total = int(rate * seconds)
    started = time.perf_counter()

    async def worker() -> None:
        conn = Connection(base_url)
        try:
            while True:
                index, due = await queue.get()
                try:
                    status, body = await conn.request(make(index))
                    outcome.record(status, body, due)
                except Exception as exc:  # a refused or broken connection is a failure, not a crash
                    outcome.failures.append(repr(exc))
                finally:
                    queue.task_done()
        finally:
            await conn.close()

    async def sampler() -> None:
        while True:
            await asyncio.sleep(SAMPLE_INTERVAL_S)
            answered = len(outcome.accepted) + len(outcome.failures)
            backlog = await probe() if probe is not None else 0.0
            outcome.samples.append(
                (time.perf_counter() - started, float(outcome.sent - answered), backlog)
            )

    workers = [asyncio.create_task(worker()) for _ in range(connections)]
    sampling = asyncio.create_task(sampler())
    for index in range(total):
        due = started + index / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        queue.put_nowait((index, due))
        outcome.sent += 1
    outcome.seconds = time.perf_counter() - started
    try:
        await asyncio.wait_for(queue.join(), drain_timeout)
    except TimeoutError:
        outcome.drained = False
    for task in [*workers, sampling]:
        task.cancel()
    for task in [*workers, sampling]:
        with contextlib.suppress(asyncio.CancelledError):
            await task
    return outcome
