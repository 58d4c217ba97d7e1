"""Write path: registry POST /v1/projects over HTTP against raw saves on the same store."""

from __future__ import annotations

import asyncio

from bench.baselines import insert_rates, save_rates
from bench.config import Sizes
from bench.httpload import closed_loop, project_request
from bench.report import Figure, rerun_command
from bench.stack import Stack
from bench.stats import latency_summary_ms

TARGET_VS_SAVE = 0.6


def measure(stack: Stack, sizes: Sizes, quick: bool) -> list[Figure]:
    backend = stack.backend
    rerun = rerun_command("write", quick=quick, backend=backend)
    raw = save_rates(stack, sizes.write_seconds, kpd=False)
    kpd = save_rates(stack, sizes.write_seconds, kpd=True)
    inserts = insert_rates(stack.database_url, sizes.write_seconds) if stack.database_url else {}
    token = stack.token("office")
    base = stack.url("registry")
    figures: list[Figure] = []
    for clients in (1, 8):
        figures.append(
            Figure(
                key=f"write.kpd_save.{clients}.{backend}",
                label=f"KpdApplication.save() {clients}线程 [{backend}]",
                value=kpd[clients].per_second,
                unit="次/秒",
                rerun=rerun,
                baseline=raw[clients].per_second,
                baseline_label="eventsourcing save()",
                details={"note": "in-process; the seal and metadata layer alone"},
            )
        )
        first_index = 10_000_000 * clients

        def request(index: int, first: int = first_index) -> bytes:
            return project_request(base, token, first + index)

        outcome = asyncio.run(closed_loop(base, request, clients, sizes.write_seconds))
        commands = len(outcome.accepted) / outcome.seconds
        details = {
            "accepted": len(outcome.accepted),
            "failures": len(outcome.failures),
            "first_failure": outcome.failures[:1],
            "latency": latency_summary_ms(outcome.latencies),
            "raw_save_per_s": raw[clients].per_second,
        }
        ratio = commands / raw[clients].per_second
        figures.append(
            Figure(
                key=f"write.http.{clients}.{backend}",
                label=f"登记命令 HTTP {clients}并发 [{backend}]",
                value=commands,
                unit="命令/秒",
                rerun=rerun,
                baseline=raw[clients].per_second,
                baseline_label=f"eventsourcing save() {clients}线程",
                target=f"≥ {TARGET_VS_SAVE}×",
                target_met=ratio >= TARGET_VS_SAVE and not outcome.failures,
                details=details,
            )
        )
        if clients in inserts:
            figures.append(
                Figure(
                    key=f"write.http_vs_insert.{clients}.{backend}",
                    label=f"登记命令 HTTP {clients}并发 ÷ INSERT+COMMIT [{backend}]",
                    value=commands,
                    unit="命令/秒",
                    rerun=rerun,
                    baseline=inserts[clients].per_second,
                    baseline_label=f"psycopg INSERT+COMMIT {clients}连接",
                )
            )
    return figures
