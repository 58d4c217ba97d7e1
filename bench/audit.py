"""Audit: verifying a whole log (chains + Merkle roots) against just reading and decoding it.

The store is bulk-loaded through ``KpdApplication`` so every event carries the
hash chain exactly as the services write it. ``verify_log`` is what
``kpd audit verify`` runs per service.
"""

from __future__ import annotations

import json
import time

from bench.config import Sizes
from bench.loader import BenchApplication, LoadedStore, bulk_load, open_app
from bench.report import Figure, rerun_command
from bench.stores import bench_store
from servicekit.audit.verify import iter_log, verify_log

TARGET_RATIO = 0.5


def decoded_read_rate(app: BenchApplication) -> tuple[int, float]:
    """(events, seconds) to read the whole notification log and decode every state."""
    started = time.perf_counter()
    count = 0
    for notification in iter_log(app.recorder):
        json.loads(notification.state)
        count += 1
    return count, time.perf_counter() - started


def measure_backend(backend: str, sizes: Sizes, quick: bool) -> Figure:
    with bench_store(backend) as settings:
        app = open_app(BenchApplication, settings)
        try:
            loaded = bulk_load(app, sizes.audit_events, LoadedStore())
            first_read = decoded_read_rate(app)
            started = time.perf_counter()
            report = verify_log(app.recorder, "registry")
            verify_s = time.perf_counter() - started
            second_read = decoded_read_rate(app)
        finally:
            app.close()
    if not report.ok:
        raise RuntimeError(f"verify_log found problems in a clean store: {report.problems[:3]}")
    read_count, read_s = min(first_read, second_read, key=lambda r: r[1])
    verify_rate = report.events_checked / verify_s
    read_rate = read_count / read_s
    return Figure(
        key=f"audit.verify.{backend}",
        label=f"审计校验 {report.events_checked:,} 事件 [{backend}]",
        value=verify_rate,
        unit="事件/秒",
        rerun=rerun_command("audit", quick=quick, backend=backend),
        baseline=read_rate,
        baseline_label="读取并解码通知日志",
        target=f"≥ {TARGET_RATIO}×",
        target_met=verify_rate / read_rate >= TARGET_RATIO,
        details={
            "events": report.events_checked,
            "verify_seconds": round(verify_s, 2),
            "read_seconds": round(read_s, 2),
            "bulk_load_events_per_s": round(loaded.events / loaded.seconds),
        },
    )


def measure(backends: list[str], sizes: Sizes, quick: bool) -> list[Figure]:
    return [measure_backend(backend, sizes, quick) for backend in backends]
