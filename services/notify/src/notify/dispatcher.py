"""The dispatcher: delivers what is queued, one loop per channel, and records every outcome.

A channel that is down never holds up the others (each has its own loop), and
nothing is lost: a delivery stays queued in the store until a channel takes it.
Each round tries a message a few times with exponential backoff (tenacity);
when the round fails, the failure is recorded and the channel rests for the
policy's ``retry_after_s`` before it probes again, so a mail server that is
away for a minute costs a handful of attempts, not one per queued message.

The queue is the read model; the notification aggregate is the authority and
is re-read before each attempt, so a lagging row never sends a message twice.
Of several replicas only the holder of the dispatch lock sends (an advisory lock
on PostgreSQL): two dispatchers reading the same queued row would both send it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
import uuid
from collections.abc import Mapping
from datetime import UTC, datetime

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session
from tenacity import AsyncRetrying, retry_if_exception, stop_after_attempt, wait_exponential

from notify.application import Notify
from notify.channels.base import Channel, ChannelError, Message
from notify.domain import Notification
from notify.metrics import NotifyMetrics
from notify.projections import DeliveryRow
from servicekit.eventstore.active_lock import ActiveLock

log = logging.getLogger("kpd.notify.dispatch")

QUEUED = ("pending", "retrying")
BATCH = 50
# A standby replica asks for the lock this often; the active one's session ending
# (a crash, a lost connection) frees it at once.
STANDBY_PROBE_S = 2.0


def _transient(exc: BaseException) -> bool:
    return isinstance(exc, ChannelError) and not exc.permanent


class Dispatcher:
    name = "notify-dispatch"

    def __init__(
        self,
        app: Notify,
        engine: Engine,
        channels: Mapping[str, Channel],
        metrics: NotifyMetrics,
        *,
        interval_s: float,
        lock: ActiveLock,
    ) -> None:
        self.app = app
        self.lock = lock
        self._acquiring = asyncio.Lock()
        self.engine = engine
        self.channels = channels
        self.metrics = metrics
        self.interval_s = interval_s
        self.delivery = app.rules.delivery
        # Tried and failed in this process: not before this monotonic time (the row
        # may not show the failure yet).
        self._held: dict[tuple[str, str], float] = {}

    async def run(self, stop: asyncio.Event) -> None:
        loops = [self._serve(name, channel, stop) for name, channel in self.channels.items()]
        try:
            await asyncio.gather(*loops, self._measure(stop))
        finally:
            await asyncio.to_thread(self.lock.release)

    async def _active(self) -> bool:
        """This replica dispatches (the channels' loops share one lock and one probe)."""
        if self.lock.fresh():
            return True
        async with self._acquiring:
            return await asyncio.to_thread(self.lock.acquire)

    async def _rest(self, stop: asyncio.Event, seconds: float) -> bool:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), seconds)
        return stop.is_set()

    async def _serve(self, name: str, channel: Channel, stop: asyncio.Event) -> None:
        while not stop.is_set():
            if not await self._active():
                if await self._rest(stop, STANDBY_PROBE_S):
                    return
                continue
            down = False
            for notification_id in await asyncio.to_thread(self._due, name):
                if stop.is_set():
                    return
                if not await self.attempt(name, channel, notification_id):
                    down = True
                    break
            pause = self.delivery.retry_after_s if down else self.interval_s
            if await self._rest(stop, pause):
                return

    def _due(self, channel: str) -> list[str]:
        now = self.app.clock.now()
        with Session(self.engine) as session:
            rows = session.scalars(
                select(DeliveryRow.notification_id)
                .where(
                    DeliveryRow.channel == channel,
                    DeliveryRow.status.in_(QUEUED),
                    DeliveryRow.next_attempt_at <= now,
                )
                .order_by(DeliveryRow.next_attempt_at)
                .limit(BATCH)
            ).all()
        held_until = time.monotonic()
        return [r for r in rows if self._held.get((r, channel), 0.0) <= held_until]

    async def attempt(self, name: str, channel: Channel, notification_id: str) -> bool:
        """Deliver one message on one channel; False when the channel seems down."""
        key = uuid.UUID(notification_id)
        notification = await asyncio.to_thread(self.app.notification, key)
        if name not in notification.pending():
            return True
        message = await asyncio.to_thread(self.message_for, notification, name)
        if message is None:
            await asyncio.to_thread(
                self.app.record_failure,
                key,
                name,
                "单位没有该渠道的地址 / no address",
                will_retry=False,
            )
            return True
        try:
            async for attempt in AsyncRetrying(
                stop=stop_after_attempt(self.delivery.attempts_per_round),
                wait=wait_exponential(
                    multiplier=self.delivery.backoff_initial_s, max=self.delivery.backoff_max_s
                ),
                retry=retry_if_exception(_transient),
                reraise=True,
            ):
                with attempt:
                    await asyncio.wait_for(channel.send(message), self.delivery.timeout_s * 2)
        except (ChannelError, TimeoutError) as exc:
            failure = exc if isinstance(exc, ChannelError) else ChannelError("timed out")
            log.warning("%s %s: %s", name, notification_id, failure.reason)
            self._held[(notification_id, name)] = time.monotonic() + self.delivery.retry_after_s
            await asyncio.to_thread(
                self.app.record_failure,
                key,
                name,
                failure.reason,
                will_retry=not failure.permanent,
            )
            return failure.permanent
        self._held.pop((notification_id, name), None)
        await asyncio.to_thread(self.app.record_delivery, key, name)
        # Real time on both sides: the aggregate's creation is stamped by the store.
        lag = (datetime.now(UTC) - notification.created_on).total_seconds()
        self.metrics.lag.labels(name).observe(max(lag, 0.0))
        return True

    def message_for(self, notification: Notification, channel: str) -> Message | None:
        contact = self.app.contact(notification.recipient)
        unit = self.app.unit(notification.recipient)
        if channel == "email":
            address = (contact.email if contact else None) or (unit.email if unit else None)
        else:
            address = contact.webhook_url if contact else None
        if not address:
            return None
        return Message(
            notification_id=str(notification.id),
            recipient=notification.recipient,
            recipient_name=self.app.unit_name(notification.recipient),
            kind=notification.kind,
            subject=notification.subject,
            body=notification.body,
            link=notification.link,
            address=address,
            webhook_kind=contact.webhook_kind if contact else "generic",
        )

    async def _measure(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            depths = await asyncio.to_thread(self.queue_depths)
            for channel in ("email", "webhook"):
                self.metrics.queue_depth.labels(channel).set(depths.get(channel, 0))
            if await self._rest(stop, max(self.interval_s, 1.0)):
                return

    def queue_depths(self) -> dict[str, int]:
        with Session(self.engine) as session:
            rows = session.execute(
                select(DeliveryRow.channel, func.count())
                .where(DeliveryRow.status.in_(QUEUED))
                .group_by(DeliveryRow.channel)
            ).all()
        return {str(channel): int(count) for channel, count in rows}


def observe_recordings(metrics: NotifyMetrics, recordings: list[object]) -> None:
    """Count each stored delivery outcome (all channels, the inbox included) and its lag."""
    for recording in recordings:
        event = getattr(recording, "domain_event", None)
        name = type(event).__name__
        if name not in ("Delivered", "DeliveryFailed") or not isinstance(event, Notification.Event):
            continue
        channel = str(getattr(event, "channel", ""))
        if name == "Delivered":
            metrics.sent.labels(channel).inc()
        else:
            metrics.failed.labels(channel).inc()
