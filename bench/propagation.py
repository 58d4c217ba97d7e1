"""Propagation: a registry command accepted → applied in the issues service's projection.

Poll-free: both services' audit logs are read after the run. For each project,
latency = the issues event's timestamp (KnownProject learned) − the registry
event's timestamp (Project registered); both are stored UTC from the same
machine clock. The client-side 201 time is kept beside it. The baseline is raw
JetStream publish→consume on the same nats-server at the same rate.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

from bench.config import Sizes
from bench.httpload import project_request
from bench.jetstream import raw_latencies
from bench.openloop import open_loop
from bench.report import Figure, rerun_command
from bench.stack import Stack
from bench.stats import latency_summary_ms, percentile
from bench.watch import audit_events, audit_head, wait_issues_idle

P99_TARGET_MS = 15.0
WRITE_LAG_MS = 1_000.0


def event_time(event: dict[str, Any]) -> float:
    stamp = event["state"]["timestamp"]
    text = stamp["_data_"] if isinstance(stamp, dict) else str(stamp)
    return datetime.fromisoformat(text).timestamp()


def applied_latencies(
    stack: Stack, registry_after: int, issues_after: int, accepted: dict[str, float]
) -> tuple[list[float], list[float]]:
    """(event-to-applied, 201-to-applied) seconds for each accepted project found in both logs."""
    auditor = stack.token("auditor")
    registered = {
        e["originator_id"]: event_time(e)
        for e in audit_events(stack.url("registry"), auditor, registry_after)
        if e["originator_version"] == 1 and e["originator_id"] in accepted
    }
    learned = {
        str(e["state"]["project_id"]): event_time(e)
        for e in audit_events(stack.url("issues"), auditor, issues_after)
        if e["state"].get("project_id") in accepted and e["originator_version"] == 1
    }
    from_event = [learned[p] - registered[p] for p in accepted if p in learned and p in registered]
    from_answer = [learned[p] - accepted[p] for p in accepted if p in learned]
    return from_event, from_answer


def measure(stack: Stack, sizes: Sizes, quick: bool) -> list[Figure]:
    """The issue's rate (the target applies there), then a rate well inside capacity.

    On a machine that cannot hold the issue's rate, its percentiles are mostly
    queueing; the lower rate shows what the pipeline itself adds to an event.
    """
    figures = measure_at(stack, sizes, quick, sizes.propagation_rate, target=True)
    if sizes.propagation_low_rate:
        figures += measure_at(stack, sizes, quick, sizes.propagation_low_rate, target=False)
    return figures


def measure_at(stack: Stack, sizes: Sizes, quick: bool, rate: int, target: bool) -> list[Figure]:
    backend = stack.backend
    rerun = rerun_command("propagation", quick=quick, backend=backend)
    seconds = sizes.propagation_seconds
    wait_issues_idle(stack.nats.url)
    auditor = stack.token("auditor")
    registry_after = audit_head(stack.url("registry"), auditor)
    issues_after = audit_head(stack.url("issues"), auditor)
    base, token = stack.url("registry"), stack.token("office")
    outcome = asyncio.run(
        open_loop(
            base,
            lambda i: project_request(base, token, 20_000_000 + rate * 10_000 + i),
            rate,
            seconds,
            drain_timeout=sizes.drain_seconds,
        )
    )
    wait_issues_idle(stack.nats.url)
    from_event, from_answer = applied_latencies(
        stack, registry_after, issues_after, outcome.accepted
    )
    raw = asyncio.run(raw_latencies(stack.nats.url, rate, min(seconds, 15.0)))
    summary = latency_summary_ms(from_event)
    raw_summary = latency_summary_ms(raw)
    details = {
        "offered_per_s": rate,
        "seconds": seconds,
        "accepted": len(outcome.accepted),
        "failures": len(outcome.failures),
        "applied_found": len(from_event),
        "event_to_applied": summary,
        "answer_201_to_applied": latency_summary_ms(from_answer),
        "http_answer": latency_summary_ms(outcome.latencies),
        "raw_jetstream": raw_summary,
    }
    complete = len(from_event) == len(outcome.accepted) and not outcome.failures
    answer_p99 = percentile(outcome.latencies, 99) * 1000
    # When the registry cannot take the offered rate, commands queue before they become
    # events; the event-to-applied latency then says nothing about that wait.
    lagging = not outcome.drained or answer_p99 > WRITE_LAG_MS
    note = f"写入端未跟上 {rate}/秒 (HTTP p99 {answer_p99:,.0f} ms)" if lagging else ""
    figures = []
    # The issue's rate keeps the keys earlier results used; another rate is named.
    at = "" if target else f"at{rate}."
    for q in (50, 95, 99):
        value = percentile(from_event, q) * 1000
        figures.append(
            Figure(
                key=f"propagation.p{q}.{at}{backend}",
                label=f"传播延迟 p{q} @{rate}/秒 [{backend}]",
                value=value,
                unit="ms",
                rerun=rerun,
                baseline=percentile(raw, q) * 1000,
                baseline_label=f"JetStream 发布→消费 p{q}",
                target=f"≤ {P99_TARGET_MS:g} ms" if q == 99 and target else "",
                target_met=(value <= P99_TARGET_MS and complete and not lagging)
                if q == 99 and target
                else None,
                note=note if q == 99 else "",
                details=details if q == 99 else {},
            )
        )
    return figures
