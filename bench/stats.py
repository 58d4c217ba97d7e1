"""Small measurement helpers: percentiles, rates, a monotonic stopwatch."""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[min(rank, len(ordered)) - 1]


def latency_summary_ms(seconds: Sequence[float]) -> dict[str, float]:
    """p50/p95/p99/max in milliseconds of latencies given in seconds."""
    return {
        "n": float(len(seconds)),
        "p50_ms": percentile(seconds, 50) * 1000,
        "p95_ms": percentile(seconds, 95) * 1000,
        "p99_ms": percentile(seconds, 99) * 1000,
        "max_ms": (max(seconds) * 1000) if seconds else math.nan,
    }


@dataclass(frozen=True)
class Rate:
    """``count`` operations in ``seconds``."""

    count: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else math.nan


def rate_for(duration_s: float, step: Callable[[], object]) -> Rate:
    """Call ``step`` until ``duration_s`` has passed; how many calls per second."""
    count = 0
    started = time.perf_counter()
    deadline = started + duration_s
    while True:
        step()
        count += 1
        now = time.perf_counter()
        if now >= deadline:
            return Rate(count, now - started)


def timed(step: Callable[[], object]) -> float:
    """Seconds one call of ``step`` took."""
    started = time.perf_counter()
    step()
    return time.perf_counter() - started


def slope_per_second(samples: Sequence[tuple[float, float]]) -> float:
    """Least-squares slope of (time, value) samples: how fast a backlog grows."""
    if len(samples) < 2:
        return 0.0
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_v = sum(v for _, v in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples)
    if var == 0:
        return 0.0
    return sum((t - mean_t) * (v - mean_v) for t, v in samples) / var
