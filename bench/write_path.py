"""Write path: registry POST /v1/projects over HTTP against raw saves on the same store."""

from __future__ import annotations

import asyncio

from bench.baselines import insert_rates, save_rates
from bench.config import Sizes
from bench.floor import floor_rates
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
    floor = floor_rates(sizes.write_seconds, token)
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
        # Framework floor and kpd's save in series: what no implementation on this
        # framework and store can beat, however lean the rest.
        bound = 1 / (1 / floor[clients].per_second + 1 / kpd[clients].per_second)
        figures.append(
            Figure(
                key=f"write.floor.{clients}.{backend}",
                label=f"空 FastAPI 端点 {clients}并发 (同一请求体,不存储)",
                value=floor[clients].per_second,
                unit="命令/秒",
                rerun=rerun,
                baseline=raw[clients].per_second,
                baseline_label=f"eventsourcing save() {clients}线程",
                note=f"加上 KpdApplication.save() 串行上限 {bound / raw[clients].per_second:.2f}×",
                details={"bound_per_s": bound, "bound_ratio": bound / raw[clients].per_second},
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
            "floor_per_s": floor[clients].per_second,
            "of_floor_and_save_bound": commands / bound,
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
