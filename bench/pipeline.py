"""Relay and consumer throughput on a backlog, against raw nats-py publish and fetch rates.

The registry accepts commands while NATS is unreachable (events wait in its
log); then it is restarted with NATS and the relay drains the backlog — its rate
is read from the stream's head. Then the issues service, stopped meanwhile,
starts and consumes the lot — its rate is read from its durable consumer's ack
floor. Both positions come from JetStream, not from the services' metrics.
"""

from __future__ import annotations

import asyncio

from bench.config import Sizes
from bench.httpload import closed_loop, project_request
from bench.jetstream import raw_rates
from bench.report import Figure, rerun_command
from bench.stack import Stack
from bench.watch import (
    PositionWatch,
    issues_ack_floor,
    run_js,
    stream_head,
    wait_issues_idle,
    wait_registry_idle,
)


def preload(stack: Stack, commands: int) -> int:
    """Store ``commands`` registrations with NATS away; returns how many were accepted."""
    stack.stop("issues")
    stack.restart("registry", nats_url=stack.unreachable_nats_url(), ready=False)
    base, token = stack.url("registry"), stack.token("office")
    outcome = asyncio.run(
        closed_loop(
            base, lambda i: project_request(base, token, 50_000_000 + i), 8, 600.0, commands
        )
    )
    if outcome.failures:
        raise RuntimeError(f"preload refused: {outcome.failures[0]}")
    return len(outcome.accepted)


def measure(stack: Stack, sizes: Sizes, quick: bool) -> list[Figure]:
    rerun = rerun_command("pipeline", quick=quick, backend=stack.backend)
    wait_registry_idle(stack.url("registry"))
    wait_issues_idle(stack.nats.url)
    head_before = run_js(stack.nats.url, stream_head)
    accepted = preload(stack, sizes.pipeline_backlog)
    with PositionWatch(stack.nats.url, stream_head) as relay_watch:
        stack.restart("registry")
        head = relay_watch.wait_stable(head_before + accepted, still_for=2.0, timeout=300)
    relayed, relay_s = relay_watch.throughput(head_before, head)
    floor_before = run_js(stack.nats.url, issues_ack_floor)
    with PositionWatch(stack.nats.url, issues_ack_floor) as consumer_watch:
        stack.services["issues"].start()
        consumer_watch.wait_stable(head, still_for=0.5, timeout=300)
    consumed, consume_s = consumer_watch.throughput(floor_before, head)
    raw = asyncio.run(raw_rates(stack.nats.url, sizes.raw_nats_messages))
    relay_rate, consume_rate = relayed / relay_s, consumed / consume_s
    details = {
        "backlog_commands": accepted,
        "relayed_events": relayed,
        "relay_seconds": round(relay_s, 3),
        "consumed_events": consumed,
        "consume_seconds": round(consume_s, 3),
        "raw_messages": raw.messages,
    }
    return [
        Figure(
            key=f"pipeline.relay.{stack.backend}",
            label=f"中继吞吐 outbox→JetStream [{stack.backend}]",
            value=relay_rate,
            unit="事件/秒",
            rerun=rerun,
            baseline=raw.publish_per_s,
            baseline_label="nats-py publish_async",
            details=details,
        ),
        Figure(
            key=f"pipeline.consumer.{stack.backend}",
            label=f"消费吞吐 JetStream→issues [{stack.backend}]",
            value=consume_rate,
            unit="事件/秒",
            rerun=rerun,
            baseline=raw.fetch_per_s,
            baseline_label="nats-py fetch+ack",
            details=details,
        ),
    ]
