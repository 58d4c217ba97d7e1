"""Where the CPU goes: CPU time per accepted command of every process in the pipeline.

The registry, issues, nats-server, PostgreSQL's backends for the bench database
and the load generator itself are sampled (user + system CPU time, context
switches) before and after a closed-loop run of registry commands, and after the
issues consumer has caught up, so each process is charged for the whole of what
one command costs it. On two shared cores the sum bounds the sustainable rate.
A PostgreSQL backend opened during the run is charged in full; one closed
during it is missed (the pools keep theirs open).

Each figure's baseline is the load generator's own CPU per command: a fixed
amount of work (encode a request, parse an answer), so the ratio cancels most
of how fast the machine happens to be during the run. Runs minutes apart on
this shared machine differed by up to 30 % in milliseconds and by up to 12 %
in ratio (3 % for most pairs).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from dataclasses import dataclass

import psutil  # type: ignore[import-untyped]
import psycopg

from bench.config import Sizes
from bench.httpload import closed_loop, project_request
from bench.report import Figure, rerun_command
from bench.stack import Stack
from bench.watch import wait_issues_idle, wait_registry_idle

CLIENTS = 8
WARM_UP_S = 3.0


@dataclass(frozen=True)
class Usage:
    user: float
    system: float
    switches: int

    def __sub__(self, other: Usage) -> Usage:
        return Usage(
            self.user - other.user, self.system - other.system, self.switches - other.switches
        )

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            self.user + other.user, self.system + other.system, self.switches + other.switches
        )


ZERO = Usage(0.0, 0.0, 0)


def usage_by_pid(pids: list[int]) -> dict[int, Usage]:
    """CPU times and context switches of each process still running."""
    usage: dict[int, Usage] = {}
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            proc = psutil.Process(pid)
            times = proc.cpu_times()
            ctx = proc.num_ctx_switches()
            usage[pid] = Usage(times.user, times.system, ctx.voluntary + ctx.involuntary)
    return usage


def spent_since(before: dict[int, Usage], after: dict[int, Usage]) -> Usage:
    """What the processes used in between; one that started meanwhile is charged in full."""
    total = ZERO
    for pid, now in after.items():
        total = total + (now - before.get(pid, ZERO))
    return total


def postgres_backends(database_url: str) -> list[int]:
    """PIDs of the PostgreSQL backends serving the bench database (not this connection)."""
    if not database_url:
        return []
    with psycopg.connect(database_url, autocommit=True) as conn:
        rows = conn.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [int(row[0]) for row in rows]


def process_groups(stack: Stack) -> dict[str, list[int]]:
    groups = {name: [proc.pid] for name, proc in stack.services.items() if proc.pid}
    if stack.nats.pid:
        groups["nats-server"] = [stack.nats.pid]
    backends = postgres_backends(stack.database_url)
    if backends:
        groups["postgres"] = backends
    groups["load generator"] = [os.getpid()]
    return groups


def measure(stack: Stack, sizes: Sizes, quick: bool) -> list[Figure]:
    backend = stack.backend
    rerun = rerun_command("cpu", quick=quick, backend=backend)
    base, token = stack.url("registry"), stack.token("office")
    # Lazily built caches (schemas, compiled SQL) are not what a command costs.
    asyncio.run(
        closed_loop(
            base, lambda i: project_request(base, token, 49_000_000 + i), CLIENTS, WARM_UP_S
        )
    )
    wait_registry_idle(base, still_for=0.5)
    wait_issues_idle(stack.nats.url, timeout=180)
    groups = process_groups(stack)
    before = {name: usage_by_pid(pids) for name, pids in groups.items()}
    outcome = asyncio.run(
        closed_loop(
            base,
            lambda i: project_request(base, token, 50_000_000 + i),
            CLIENTS,
            sizes.write_seconds,
        )
    )
    # Charge each process for all of the commands' work: relay, projection, consumer.
    wait_registry_idle(base, still_for=0.5)
    wait_issues_idle(stack.nats.url, timeout=180)
    # PostgreSQL may have opened backends during the run: look again.
    after = process_groups(stack)
    groups = {name: sorted({*groups.get(name, []), *pids}) for name, pids in after.items()}
    spent = {
        name: spent_since(before.get(name, {}), usage_by_pid(pids)) for name, pids in groups.items()
    }
    commands = len(outcome.accepted)
    if not commands:
        raise RuntimeError(f"no command accepted: {outcome.failures[:1]}")
    figures: list[Figure] = []
    per_command = {
        name: (used.user + used.system) * 1000 / commands for name, used in spent.items()
    }
    gauge = per_command["load generator"]
    total_ms = sum(per_command.values())
    for name, used in spent.items():
        ms = per_command[name]
        figures.append(
            Figure(
                key=f"cpu.per_command.{name.replace(' ', '_')}.{backend}",
                label=f"每条命令 CPU {name} [{backend}]",
                value=ms,
                unit="ms",
                rerun=rerun,
                baseline=None if name == "load generator" else gauge,
                baseline_label="负载生成器每条命令 CPU",
                details={
                    "system_ms": used.system * 1000 / commands,
                    "context_switches_per_command": used.switches / commands,
                    "processes": len(groups[name]),
                },
            )
        )
    cores = psutil.cpu_count() or 1
    figures.append(
        Figure(
            key=f"cpu.per_command.total.{backend}",
            label=f"每条命令 CPU 合计 ({CLIENTS}并发) [{backend}]",
            value=total_ms,
            unit="ms",
            rerun=rerun,
            baseline=gauge,
            baseline_label="负载生成器每条命令 CPU",
            note=f"{cores} 核上限约 {cores * 1000 / total_ms:,.0f} 命令/秒",
            details={
                "commands": commands,
                "seconds": outcome.seconds,
                "commands_per_s": commands / outcome.seconds,
                "failures": len(outcome.failures),
                "ceiling_per_s": cores * 1000 / total_ms,
            },
        )
    )
    return figures
