"""The transactional outbox relay: the service's event log → its JetStream stream.

Reads the notification log after the last acknowledged position, publishes a
batch with ``Nats-Msg-Id`` = the event id and a window of acks in flight, and
records the new position only after every ack of the batch arrived. A crash
anywhere re-publishes; the stream's duplicate window drops the repeats. The
relay sleeps on the store's signal (plus a slow poll) and lingers a moment after
a wake-up to collect a batch, instead of one wake-up and one write per event.
"""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from eventsourcing.persistence import IntegrityError, Notification, Tracking
from nats.js import JetStreamContext

from contracts.envelope import CloudEvent
from contracts.subjects import STREAMS
from servicekit.core.faults import failpoint
from servicekit.core.metrics import ServiceMetrics
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.active_lock import ActiveLock
from servicekit.eventstore.store import KpdApplication
from servicekit.messaging.translation import Translator, to_cloud_event

log = logging.getLogger("kpd.relay")

RELAY_POSITION = "__relay__:jetstream"
MAX_BACKOFF_S = 5.0
STANDBY_RETRY_S = 2.0
# While busy, the head of the log is asked for now and then, not after every batch.
LAG_CHECK_INTERVAL_S = 1.0


class PublishFailedError(Exception):
    pass


class OutboxRelay:
    def __init__(
        self,
        app: KpdApplication,
        producer: str,
        translate: Translator,
        js: JetStreamContext,
        settings: ServiceSettings,
        metrics: ServiceMetrics,
    ) -> None:
        self.app = app
        self.producer = producer
        self.stream = STREAMS[producer]
        self.translate = translate
        self.js = js
        self.settings = settings
        self.metrics = metrics
        self.position = 0
        self.lag = 0
        self.active = False

    async def run(self, stop: asyncio.Event) -> None:
        waker = self.app.log_signal.waker()
        lock = ActiveLock(self.settings)
        loop = asyncio.get_running_loop()
        try:
            next_lag_check = 0.0
            while not stop.is_set():
                if not (lock.fresh() or await asyncio.to_thread(lock.acquire)):
                    self.active = False
                    self.metrics.relay_active.labels(self.producer).set(0)
                    await asyncio.sleep(STANDBY_RETRY_S)
                    continue
                if not self.active:
                    # Another replica may have published meanwhile: resume from the store.
                    self.position = await asyncio.to_thread(self.app.position, RELAY_POSITION)
                    self.active = True
                    self.metrics.relay_active.labels(self.producer).set(1)
                batch = await asyncio.to_thread(self._read_batch)
                if not batch:
                    self._set_lag(0)  # nothing unread at the position just read
                    await waker.wait(self.settings.relay_poll_interval_s)
                    if self.settings.relay_linger_ms:
                        await asyncio.sleep(self.settings.relay_linger_ms / 1000)
                    continue
                await self._relay(batch, stop)
                if loop.time() >= next_lag_check:  # busy: the head is asked now and then
                    await self._refresh_lag()
                    next_lag_check = loop.time() + LAG_CHECK_INTERVAL_S
        finally:
            self.app.log_signal.discard(waker)
            await asyncio.to_thread(lock.release)

    def _read_batch(self) -> list[tuple[Any, Notification]]:
        """The next notifications with their events: this process's from memory, else the log."""
        recent = self.app.recent.after(self.position, self.settings.relay_batch_size)
        if recent:
            return recent
        stored = self.app.recorder.select_notifications(
            start=self.position,
            limit=self.settings.relay_batch_size,
            inclusive_of_start=False,
        )
        return [(None, n) for n in stored]  # decoded by the translation

    async def _relay(self, batch: list[tuple[Any, Notification]], stop: asyncio.Event) -> None:
        started = time.perf_counter()
        events = [e for e in (self._translate(*recorded) for recorded in batch) if e is not None]
        failpoint("relay.before_publish")  # committed, not yet published
        backoff = 0.1
        while True:
            try:
                await self._publish_all(events)
                break
            except (TimeoutError, PublishFailedError, OSError) as exc:
                self.metrics.relay_retries.labels(self.producer).inc()
                log.warning(
                    "relay batch up to %s not acknowledged (%s); retrying", batch[-1][1].id, exc
                )
                if stop.is_set():
                    return
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_S)
        last = batch[-1][1].id
        failpoint("relay.after_publish")
        if not events:
            # Only internal events: nothing was published, so the stored position may
            # lag (a restart re-reads them and publishes nothing) — no write needed.
            self.position = last
            return
        try:
            await asyncio.to_thread(
                self.app.process_recorder.insert_tracking, Tracking(RELAY_POSITION, last)
            )
        except IntegrityError:
            # Another replica's relay recorded a later position: follow it.
            self.position = await asyncio.to_thread(self.app.position, RELAY_POSITION)
            return
        self.position = last
        self.metrics.relay_published.labels(self.producer).inc(len(events))
        self.metrics.relay_position.labels(self.producer).set(last)
        self.metrics.relay_batch_seconds.labels(self.producer).observe(
            time.perf_counter() - started
        )

    def _translate(self, domain_event: Any, notification: Notification) -> CloudEvent | None:
        return to_cloud_event(notification, self.app.mapper, self.translate, domain_event)

    async def _publish_all(self, events: list[CloudEvent]) -> None:
        """Publish with a window of acks in flight; every ack is bounded in time.

        nats-py's ``publish_async`` futures can wait forever when the server
        answers nothing, so each is awaited with a timeout and the whole batch is
        re-sent on any failure (same ids: the stream drops what it already has).
        """
        futures = []
        for event in events:
            payload = event.model_dump_json().encode()
            headers = {
                "Nats-Msg-Id": event.id,
                "Content-Type": "application/cloudevents+json",
            }
            futures.append(
                await self.js.publish_async(
                    event.type,
                    payload,
                    headers=headers,
                    stream=self.stream,
                    wait_stall=self.settings.relay_ack_timeout_s,
                )
            )
        if not futures:
            return
        done, pending = await asyncio.wait(futures, timeout=self.settings.relay_ack_timeout_s)
        for future in pending:
            future.cancel()
        if pending:
            raise PublishFailedError(f"{len(pending)} of {len(futures)} acks missing")
        for future in done:
            exc = future.exception()
            if exc is not None:
                raise PublishFailedError(str(exc)) from exc

    async def _refresh_lag(self) -> None:
        head = await asyncio.to_thread(self.app.max_notification_id)
        self._set_lag(max(head - self.position, 0))

    def _set_lag(self, lag: int) -> None:
        self.lag = lag
        self.metrics.relay_lag.labels(self.producer).set(lag)
