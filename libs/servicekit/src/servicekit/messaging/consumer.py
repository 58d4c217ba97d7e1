"""The consumer runner: another service's stream → this service's application.

Durable pull consumer ``<consumer>--<producer>`` with explicit acks. For each
message: validate the envelope and the payload against the contract (refused
ones are terminated and copied to ``kpd.dlq.<consumer>`` with the reason),
skip it when its stream sequence is at or below the stored source position
(a redelivery), otherwise apply it and store the position in the same
transaction, then ack. A fetched batch is applied as one unit of work: one
transaction for all its messages (``unit_of_work.py``). Transient failures are
retried with backoff and nak'ed with a delay so that nothing is lost while a
database is down.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from eventsourcing.persistence import IntegrityError, Tracking
from nats.aio.msg import Msg
from nats.errors import TimeoutError as NatsTimeoutError
from nats.js import JetStreamContext
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy
from pydantic import ValidationError
from tenacity import (
    AsyncRetrying,
    retry_if_not_exception_type,
    stop_after_attempt,
    wait_exponential,
)

from contracts.base import EventData
from contracts.catalog import CATALOG
from contracts.envelope import CloudEvent
from contracts.subjects import STREAMS, dlq_subject, stream_subjects
from servicekit.core.context import CommandContext, acting_as
from servicekit.core.faults import failpoint
from servicekit.core.metrics import ServiceMetrics
from servicekit.eventstore.store import KpdApplication
from servicekit.eventstore.unit_of_work import collecting

log = logging.getLogger("kpd.consumer")


class RejectedEventError(Exception):
    """A handler refuses a well-formed event for a business reason: it is dead-lettered."""


@dataclass(frozen=True)
class Incoming:
    event: CloudEvent
    payload: EventData
    tracking: Tracking


Handler = Callable[[Incoming], None]


class ConsumerRunner:
    def __init__(
        self,
        *,
        consumer: str,
        producer: str,
        handlers: Mapping[str, Handler],
        app: KpdApplication,
        js: JetStreamContext,
        metrics: ServiceMetrics,
        batch_size: int = 64,
        ack_wait_s: float = 30.0,
    ) -> None:
        self.consumer = consumer
        self.producer = producer
        self.durable = f"{consumer}--{producer}"
        self.stream = STREAMS[producer]
        self.handlers = dict(handlers)
        self.app = app
        self.js = js
        self.metrics = metrics
        self.batch_size = batch_size
        self.ack_wait_s = ack_wait_s
        self.labels = (consumer, self.durable)
        self._position: int | None = None  # the stored source position, once read

    def config(self) -> ConsumerConfig:
        return ConsumerConfig(
            durable_name=self.durable,
            ack_policy=AckPolicy.EXPLICIT,
            deliver_policy=DeliverPolicy.ALL,
            ack_wait=self.ack_wait_s,
            max_deliver=-1,
            max_ack_pending=1000,
            filter_subject=stream_subjects(self.producer),
        )

    async def run(self, stop: asyncio.Event) -> None:
        sub = await self.js.pull_subscribe(
            stream_subjects(self.producer),
            durable=self.durable,
            stream=self.stream,
            config=self.config(),
        )
        loop = asyncio.get_running_loop()
        next_lag_check = 0.0
        while not stop.is_set():
            if loop.time() >= next_lag_check:
                await self._refresh_lag(sub)
                next_lag_check = loop.time() + 2.0
            try:
                messages = await sub.fetch(self.batch_size, timeout=1.0)
            except (TimeoutError, NatsTimeoutError):
                continue
            await self.handle_batch(messages)

    async def handle_batch(self, messages: list[Msg]) -> None:
        """Apply a fetched batch in order, in one transaction on a worker thread, then ack.

        From the first message that is not a plain success on, the rest go one by
        one through ``handle``, which dead-letters, retries and naks as needed.
        """
        parsed = [self._parse(message) for message in messages]
        plain = 0
        while plain < len(parsed) and isinstance(parsed[plain], Incoming):
            plain += 1
        incomings = [i for i in parsed[:plain] if isinstance(i, Incoming)]
        done = await asyncio.to_thread(self._apply_in_order, incomings) if incomings else 0
        if done:
            failpoint("consumer.after_apply")
            for message in messages[:done]:
                await message.ack()
        for message in messages[done:]:
            await self.handle(message)

    def _apply_in_order(self, incomings: list[Incoming]) -> int:
        """How many of ``incomings`` were applied (or skipped) before the first failure.

        Their handlers run inside one unit of work: their events and the last
        position are stored by a single commit. If the commit fails, none counts
        as done and ``handle`` applies them one by one (nothing was stored).
        """
        done = applied = skipped = 0
        with collecting() as unit:
            for incoming in incomings:
                position = incoming.tracking.notification_id
                last = unit.tracking.notification_id if unit.tracking else 0
                if position <= max(self._stored_position(), last):
                    skipped += 1
                    done += 1
                    continue
                try:
                    self._run_handler(incoming)
                except Exception:  # handled again, with retries and dead letters, by handle()
                    break
                applied += 1
                done += 1
        if unit.tracking is not None:
            try:
                self.app.commit(unit)
            except Exception as exc:
                self._position = None  # unknown whether it was stored: ask the store next time
                log.info("%s: batch of %d not stored (%s); one by one", self.durable, done, exc)
                return 0
            self._position = unit.tracking.notification_id
        if skipped:
            self.metrics.consumer_skipped.labels(*self.labels).inc(skipped)
        if applied:
            self.metrics.consumer_applied.labels(*self.labels).inc(applied)
        return done

    async def _refresh_lag(self, sub: JetStreamContext.PullSubscription) -> None:
        try:
            info = await sub.consumer_info()
        except Exception:  # lag is informative; never stop consuming for it
            return
        pending = (info.num_pending or 0) + (info.num_ack_pending or 0)
        self.metrics.consumer_lag.labels(*self.labels).set(pending)

    async def handle(self, message: Msg) -> None:
        incoming = self._parse(message)
        if isinstance(incoming, str):
            await self._dead_letter(message, incoming)
            return
        if incoming is None:
            await message.ack()  # a type this service does not react to
            return
        try:
            async for attempt in AsyncRetrying(
                retry=retry_if_not_exception_type(RejectedEventError),
                wait=wait_exponential(multiplier=0.05, max=2.0),
                stop=stop_after_attempt(5),
                reraise=True,
            ):
                with attempt:
                    await asyncio.to_thread(self._apply, incoming)
        except RejectedEventError as exc:
            await self._dead_letter(message, f"rejected: {exc}")
            return
        except Exception as exc:
            self.metrics.consumer_retries.labels(*self.labels).inc()
            log.warning(
                "%s: applying %s failed (%s); nak with delay", self.durable, incoming.event.id, exc
            )
            await message.nak(delay=2.0)
            return
        failpoint("consumer.after_apply")
        await message.ack()

    def _parse(self, message: Msg) -> Incoming | str | None:
        """The incoming event, None when not of interest, or the reason to refuse it."""
        try:
            event = CloudEvent.model_validate_json(message.data)
        except ValidationError as exc:
            return f"invalid envelope: {exc.errors()[0]['msg']} at {exc.errors()[0]['loc']}"
        if event.producer != self.producer or event.type != message.subject:
            return f"envelope does not match subject {message.subject!r}"
        model = CATALOG.get(event.type)
        if model is None:
            return None  # a newer event type than this service knows: not its business
        try:
            payload = model.model_validate(event.data)
        except ValidationError as exc:
            first = exc.errors()[0]
            return f"contract violation: {first['msg']} at data.{'.'.join(map(str, first['loc']))}"
        if event.type not in self.handlers:
            return None
        tracking = Tracking(self.stream, message.metadata.sequence.stream)
        return Incoming(event=event, payload=payload, tracking=tracking)

    def _stored_position(self) -> int:
        # Read from the store once, then kept: only this runner writes this position.
        if self._position is None:
            self._position = self.app.position(self.stream)
        return self._position

    def _run_handler(self, incoming: Incoming) -> None:
        context = CommandContext(
            actor=f"service:{self.consumer}",
            actorrole="system",
            actorunit=None,
            correlationid=incoming.event.correlationid,
            causationid=incoming.event.id,
            command=f"on_{incoming.event.type.split('.')[2]}",
        )
        with acting_as(context):
            self.handlers[incoming.event.type](incoming)

    def _apply(self, incoming: Incoming) -> None:
        """Apply one message in its own transaction (event + position)."""
        position = incoming.tracking.notification_id
        if position <= self._stored_position():
            self.metrics.consumer_skipped.labels(*self.labels).inc()
            return
        try:
            self._run_handler(incoming)
        except IntegrityError:
            # Either a redelivery raced us to the position, or a real version conflict.
            self._position = None
            if position <= self._stored_position():
                self.metrics.consumer_skipped.labels(*self.labels).inc()
                return
            raise
        except BaseException:
            self._position = None  # unknown whether it was stored: ask the store next time
            raise
        self._position = max(position, self._position or 0)
        self.metrics.consumer_applied.labels(*self.labels).inc()

    async def _dead_letter(self, message: Msg, reason: str) -> None:
        reason_label = reason.split(":", 1)[0]
        headers = {
            "Kpd-Dead-Letter-Reason": reason[:1000],
            "Kpd-Original-Subject": message.subject,
            "Kpd-Consumer": self.durable,
        }
        try:
            headers["Kpd-Original-Sequence"] = str(message.metadata.sequence.stream)
            await self.js.publish(
                dlq_subject(self.consumer), message.data, headers=headers, timeout=5
            )
        except Exception as exc:
            log.warning("%s: dead-lettering failed (%s); nak", self.durable, exc)
            await message.nak(delay=2.0)
            return
        self.metrics.dead_letters.labels(self.consumer, self.durable, reason_label).inc()
        log.error("%s: dead-lettered %s: %s", self.durable, message.subject, reason)
        await message.term()
