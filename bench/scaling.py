"""How cost grows with the store: the same figures at each tier of stored events.

One store is grown tier by tier through ``KpdApplication`` (sealed events, as
the services write them). At each tier: the latency of saving a new project,
of reading a random project back, and the time to replay the whole log through
the mapper (in a fresh process, ``bench/replay_probe.py``). Each figure's
baseline is its value at the smallest tier — scaled linearly for replay — so
the ratio reads as growth: ≈ 1 is flat (or linear).
"""

from __future__ import annotations

import random
import time
import uuid
from typing import Any

from bench.config import Sizes
from bench.loader import BenchApplication, LoadedStore, bulk_load, new_project, open_app
from bench.replay_probe import replay_in_own_process
from bench.report import Figure, rerun_command
from bench.stats import percentile
from bench.stores import bench_store

GROWTH_LIMIT = 1.5  # "flat": at most 1.5× the smallest tier's latency
REPLAY_REPEATS = 3


def write_latencies(app: BenchApplication, samples: int) -> list[float]:
    out = []
    for index in range(samples):
        project = new_project(-index)
        started = time.perf_counter()
        app.save(project)
        out.append(time.perf_counter() - started)
    return out


def query_latencies(app: BenchApplication, ids: list[uuid.UUID], samples: int) -> list[float]:
    chosen = random.Random(7).sample(ids, min(samples, len(ids)))
    out = []
    for project_id in chosen:
        started = time.perf_counter()
        app.repository.get(project_id)
        out.append(time.perf_counter() - started)
    return out


def measure_backend(backend: str, sizes: Sizes, quick: bool) -> list[Figure]:
    rerun = rerun_command("scaling", quick=quick, backend=backend)
    rows: list[dict[str, Any]] = []
    with bench_store(backend) as settings:
        app = open_app(BenchApplication, settings)
        loaded = LoadedStore()
        try:
            for tier in sizes.scaling_tiers:
                bulk_load(app, tier - loaded.events, loaded)
                writes = write_latencies(app, sizes.scaling_samples)
                reads = query_latencies(app, loaded.ids, sizes.scaling_samples)
                # Best of a few: the smallest tier's replay is a fraction of a second,
                # and the ratio of every larger tier is taken against it.
                replays = [replay_in_own_process(settings) for _ in range(REPLAY_REPEATS)]
                events = replays[0][0]
                replay_s = min(seconds for _, seconds in replays)
                rows.append(
                    {
                        "tier": tier,
                        "events": events,
                        "write_p50_ms": percentile(writes, 50) * 1000,
                        "write_p99_ms": percentile(writes, 99) * 1000,
                        "query_p50_ms": percentile(reads, 50) * 1000,
                        "query_p99_ms": percentile(reads, 99) * 1000,
                        "replay_s": replay_s,
                        "replay_runs_s": [seconds for _, seconds in replays],
                        "load_events_per_s": loaded.events / loaded.seconds,
                    }
                )
        finally:
            app.close()
    first = rows[0]
    figures = []
    for row in rows:
        tier_text = f"{int(row['tier']):,}"
        for metric, label in (
            ("write_p50_ms", "写入延迟 p50"),
            ("write_p99_ms", "写入延迟 p99"),
            ("query_p50_ms", "读取延迟 p50"),
        ):
            figures.append(
                Figure(
                    key=f"scaling.{metric}.{int(row['tier'])}.{backend}",
                    label=f"{label} @{tier_text}事件 [{backend}]",
                    value=row[metric],
                    unit="ms",
                    rerun=rerun,
                    baseline=first[metric],
                    baseline_label=f"@{int(first['tier']):,}",
                    target=f"≤ {GROWTH_LIMIT}× (平稳)",
                    target_met=row[metric] <= GROWTH_LIMIT * first[metric],
                    details=row if metric == "write_p50_ms" else {},
                )
            )
        linear = first["replay_s"] * row["events"] / first["events"]
        figures.append(
            Figure(
                key=f"scaling.replay_s.{int(row['tier'])}.{backend}",
                label=f"重放全部日志 @{tier_text}事件 [{backend}]",
                value=row["replay_s"],
                unit="秒",
                rerun=rerun,
                baseline=linear,
                baseline_label="按最小档线性外推",
                target=f"≤ {GROWTH_LIMIT}× (线性)",
                target_met=row["replay_s"] <= GROWTH_LIMIT * linear,
            )
        )
    return figures


def measure(backends: list[str], sizes: Sizes, quick: bool) -> list[Figure]:
    return [f for backend in backends for f in measure_backend(backend, sizes, quick)]
