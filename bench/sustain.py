"""The highest offered rate the whole pipeline sustains without a growing backlog.

Each probe offers a fixed rate for a while and samples, once a second, the
backlog end to end: requests not yet answered + the registry relay's lag +
messages the issues consumer has not acknowledged. A rate is sustained when
(almost) everything offered was accepted, the backlog's trend over the second
half is flat, and what is left at the end is under a second's worth. In full
mode the best probe is then confirmed over 60 s (stepping down if it fails).
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import httpx
import nats

from bench.config import Sizes
from bench.httpload import project_request
from bench.openloop import OpenLoopOutcome, open_loop
from bench.report import Figure, rerun_command
from bench.stack import Stack
from bench.stats import latency_summary_ms, slope_per_second
from bench.watch import gauge_sum, issues_pending, wait_issues_idle

TARGET_PER_S = 400
MAX_SLOPE_FRACTION = 0.03  # backlog may grow by at most 3 % of the rate per second
MIN_ACCEPTED_FRACTION = 0.98


@dataclass
class Probe:
    rate: int
    seconds: float
    sustained: bool
    details: dict[str, Any]


async def offer(
    stack: Stack, rate: int, seconds: float, first_index: int, drain_seconds: float
) -> OpenLoopOutcome:
    base, token = stack.url("registry"), stack.token("office")
    nc = await nats.connect(stack.nats.url)
    js = nc.jetstream(timeout=5)
    async with httpx.AsyncClient(base_url=base, timeout=5) as client:

        async def backlog() -> float:
            lag = gauge_sum((await client.get("/metrics")).text, "kpd_relay_lag_events")
            return lag + await issues_pending(js)

        try:
            return await open_loop(
                base,
                lambda i: project_request(base, token, first_index + i),
                rate,
                seconds,
                connections=64,
                probe=backlog,
                drain_timeout=drain_seconds,
            )
        finally:
            await nc.close()


def judge(rate: int, seconds: float, outcome: OpenLoopOutcome) -> Probe:
    # Only samples taken while the rate was offered: the drain afterwards always shrinks.
    offered = [(t, http + pipeline) for t, http, pipeline in outcome.samples if t <= seconds + 0.25]
    second_half = [(t, v) for t, v in offered if t >= seconds / 2]
    slope = slope_per_second(second_half)
    final = offered[-1][1] if offered else float("inf")
    accepted = len(outcome.accepted) / max(outcome.sent, 1)
    sustained = (
        outcome.drained
        and not outcome.failures
        and accepted >= MIN_ACCEPTED_FRACTION
        and slope <= MAX_SLOPE_FRACTION * rate
        and final <= rate
    )
    details = {
        "offered_per_s": rate,
        "seconds": seconds,
        "accepted_fraction": round(accepted, 4),
        "failures": len(outcome.failures),
        "backlog_slope_per_s": round(slope, 2),
        "final_backlog": final,
        "backlog_samples": [(round(t, 1), h, p) for t, h, p in outcome.samples],
        "http_answer": latency_summary_ms(outcome.latencies),
    }
    return Probe(rate, seconds, sustained, details)


def probe(stack: Stack, sizes: Sizes, rate: int, seconds: float, first_index: int) -> Probe:
    wait_issues_idle(stack.nats.url, timeout=180)
    outcome = asyncio.run(offer(stack, rate, seconds, first_index, sizes.drain_seconds))
    return judge(rate, seconds, outcome)


def measure(stack: Stack, sizes: Sizes, quick: bool) -> list[Figure]:
    probes: list[Probe] = []
    best: Probe | None = None
    for number, rate in enumerate(sizes.sustain_rates):
        first_index = 30_000_000 + number * 1_000_000
        result = probe(stack, sizes, rate, sizes.sustain_probe_seconds, first_index)
        probes.append(result)
        if not result.sustained:
            break
        best = result
    if best is None:
        # Not even the first rate held: step down, so the figure still says what does.
        for number, rate in enumerate(sizes.sustain_lower_rates):
            result = probe(
                stack, sizes, rate, sizes.sustain_probe_seconds, 45_000_000 + number * 1_000_000
            )
            probes.append(result)
            if result.sustained:
                best = result
                break
    confirmed: Probe | None = best
    if best is not None and sizes.sustain_confirm_seconds:
        every_rate = sorted({*sizes.sustain_rates, *sizes.sustain_lower_rates}, reverse=True)
        candidates = [r for r in every_rate if r <= best.rate]
        confirmed = None
        for number, rate in enumerate(candidates[:3]):
            first_index = 40_000_000 + number * 1_000_000
            result = probe(stack, sizes, rate, sizes.sustain_confirm_seconds, first_index)
            probes.append(result)
            if result.sustained:
                confirmed = result
                break
    value = float(confirmed.rate) if confirmed else 0.0
    return [
        Figure(
            key=f"sustain.rate.{stack.backend}",
            label=f"持续吞吐 (无积压增长{'' if quick else ' 60秒'}) [{stack.backend}]",
            value=value,
            unit="命令/秒",
            rerun=rerun_command("sustain", quick=quick, backend=stack.backend),
            target=f"≥ {TARGET_PER_S}/秒",
            target_met=value >= TARGET_PER_S,
            note="" if confirmed else "最低探测速率也未能维持",
            details={
                "probes": [{"sustained": p.sustained, **p.details} for p in probes],
                "confirmed_seconds": confirmed.seconds if confirmed else None,
            },
        )
    ]
