"""Raw nats-py baselines on the same nats-server, and watching the services' stream positions.

The baselines use the production stream configuration (file storage, duplicate
window, ``sync_interval: always`` on the server) on a stream of their own, the
same publish window as the relay and the same fetch batch as the consumer
runner — so the ratios show what kpd's code costs, not what JetStream costs.
"""

from __future__ import annotations

import asyncio
import struct
import time
import uuid
from dataclasses import dataclass

import nats
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig

from servicekit.core.settings import ServiceSettings
from servicekit.messaging.bus import stream_config

PAYLOAD_BYTES = 1_000  # about one CloudEvent carrying ProjectRegistered
FETCH_BATCH = 64  # ConsumerRunner's default batch
PUBLISH_WINDOW = 256  # the relay's default batch


def _payload(sent_at: float) -> bytes:
    return struct.pack("!d", sent_at) + b"x" * (PAYLOAD_BYTES - 8)


async def _raw_stream(js: JetStreamContext, name: str) -> str:
    settings = ServiceSettings(service="registry")
    await js.add_stream(stream_config(name, [f"bench.{name.lower()}.>"], settings))
    return f"bench.{name.lower()}.event"


@dataclass
class RawRates:
    publish_per_s: float
    fetch_per_s: float
    messages: int


async def raw_rates(url: str, messages: int) -> RawRates:
    """Publish ``messages`` with a window of acks in flight, then fetch and ack them all."""
    nc = await nats.connect(url)
    try:
        js = nc.jetstream(timeout=10)
        subject = await _raw_stream(js, f"BENCH_RATE_{uuid.uuid4().hex[:6].upper()}")
        started = time.perf_counter()
        for first in range(0, messages, PUBLISH_WINDOW):
            futures = [
                await js.publish_async(
                    subject, _payload(0.0), headers={"Nats-Msg-Id": uuid.uuid4().hex}
                )
                for _ in range(min(PUBLISH_WINDOW, messages - first))
            ]
            await asyncio.gather(*futures)
        publish_s = time.perf_counter() - started
        sub = await js.pull_subscribe(
            subject, durable="bench", config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT)
        )
        received = 0
        started = time.perf_counter()
        while received < messages:
            for msg in await sub.fetch(FETCH_BATCH, timeout=5):
                await msg.ack()
                received += 1
        fetch_s = time.perf_counter() - started
        return RawRates(messages / publish_s, messages / fetch_s, messages)
    finally:
        await nc.close()


async def raw_latencies(url: str, rate: float, seconds: float) -> list[float]:
    """Seconds from publish to receipt: publish at ``rate``/s awaiting acks, pull-consume, ack."""
    nc = await nats.connect(url)
    latencies: list[float] = []
    try:
        js = nc.jetstream(timeout=10)
        subject = await _raw_stream(js, f"BENCH_LAT_{uuid.uuid4().hex[:6].upper()}")
        sub = await js.pull_subscribe(
            subject, durable="bench", config=ConsumerConfig(ack_policy=AckPolicy.EXPLICIT)
        )
        total = int(rate * seconds)
        done = asyncio.Event()

        async def consume() -> None:
            while len(latencies) < total:
                try:
                    messages = await sub.fetch(FETCH_BATCH, timeout=1.0)
                except (TimeoutError, nats.errors.TimeoutError):
                    continue
                for msg in messages:
                    latencies.append(time.perf_counter() - struct.unpack("!d", msg.data[:8])[0])
                    await msg.ack()
            done.set()

        consumer = asyncio.create_task(consume())
        started = time.perf_counter()
        for index in range(total):
            delay = started + index / rate - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            await js.publish(
                subject, _payload(time.perf_counter()), headers={"Nats-Msg-Id": uuid.uuid4().hex}
            )
        await asyncio.wait_for(done.wait(), 30)
        await consumer
        return latencies
    finally:
        await nc.close()


async def stream_last_seq(url: str, stream: str) -> int:
    nc = await nats.connect(url)
    try:
        return int((await nc.jetstream().stream_info(stream)).state.last_seq)
    finally:
        await nc.close()
