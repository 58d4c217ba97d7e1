"""What runs beside the HTTP API in a service process: relay, consumers, projections.

Background work is supervised: a task that fails (database or NATS down) is
logged and restarted with backoff, never silently lost. The HTTP API keeps
accepting commands while NATS is away; events wait in the store's log and the
relay publishes them when it returns.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Protocol

from nats.aio.client import Client

from servicekit.audit.checkpoint import CheckpointSigner
from servicekit.core.metrics import ServiceMetrics
from servicekit.core.positions import record_written
from servicekit.core.revocations import RevocationList
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.store import KpdApplication
from servicekit.messaging.bus import connect, ensure_streams
from servicekit.messaging.consumer import ConsumerRunner, Handler
from servicekit.messaging.relay import OutboxRelay
from servicekit.messaging.translation import Translator
from servicekit.readside.readmodel import ProjectionRunner
from servicekit.runtime.audit_wiring import keep_checkpoints, with_checkpoints
from servicekit.runtime.audit_worker import CheckpointWorker
from servicekit.runtime.periodic import PeriodicWorker
from servicekit.runtime.revocations import RevocationFollower, keep_revocations
from servicekit.runtime.storeprobe import StoreProbe

log = logging.getLogger("kpd.runtime")

MAX_BACKOFF_S = 5.0


class BackgroundWorker(Protocol):
    """A projection runner or periodic sweep: anything with ``run(stop)``."""

    name: str

    async def run(self, stop: asyncio.Event) -> None: ...


@dataclass
class ServiceParts:
    """What a service plugs into the runtime."""

    app: KpdApplication
    translate: Translator
    # producer → {event type → handler}
    handlers: Mapping[str, Mapping[str, Handler]] = field(default_factory=dict)
    workers: Sequence[BackgroundWorker] = ()
    extra: dict[str, Any] = field(default_factory=dict)


async def supervise(name: str, run: Callable[[], Awaitable[None]], stop: asyncio.Event) -> None:
    backoff = 0.2
    while not stop.is_set():
        started = time.monotonic()
        try:
            await run()
            return
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("%s failed; restarting in %.1fs", name, backoff)
        if time.monotonic() - started > 30:
            backoff = 0.2
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), backoff)
        backoff = min(backoff * 2, MAX_BACKOFF_S)


def _last_run_of(worker: PeriodicWorker[Any]) -> Callable[[], float]:
    return lambda: worker.last_run_at or 0.0


class ServiceRuntime:
    def __init__(
        self, settings: ServiceSettings, parts: ServiceParts, metrics: ServiceMetrics
    ) -> None:
        self.settings = settings
        self.app = parts.app
        signer = CheckpointSigner(settings.checkpoint_key_path)
        self.checkpoints = CheckpointWorker(
            parts.app,
            settings.service,
            signer,
            every_events=settings.checkpoint_every_events,
            interval_s=settings.checkpoint_interval_s,
        )
        self.store_probe = StoreProbe(settings)
        # Tokens of disabled accounts are refused within a refresh interval.
        self.revocations = RevocationList()
        self.revocation_follower = follower = RevocationFollower(parts.app, self.revocations)
        kept = keep_checkpoints(parts.app, settings.service, parts.handlers, signer)
        self.parts = ServiceParts(
            app=parts.app,
            translate=with_checkpoints(settings.service, parts.translate),
            handlers=keep_revocations(parts.app, settings.service, kept),
            workers=[
                *parts.workers,
                self.checkpoints,
                self.store_probe,
                PeriodicWorker("revocations", settings.revocation_refresh_s, follower.refresh),
            ],
            extra=parts.extra,
        )
        self.metrics = metrics
        appended = metrics.events_appended.labels(settings.service)
        self.app.record_listeners.append(lambda recordings: appended.inc(len(recordings)))
        self.app.record_listeners.append(
            lambda recordings: record_written([r.notification.id for r in recordings])
        )
        failures = metrics.sweep_failures
        self.app.failure_listeners.append(
            lambda sweep: failures.labels(settings.service, sweep).inc()
        )
        self._watch_workers()
        self.nc: Client | None = None
        self.relay: OutboxRelay | None = None
        self.consumers: list[ConsumerRunner] = []
        self.streams_ready = False
        self._stop = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._executor: ThreadPoolExecutor | None = None

    def _watch_workers(self) -> None:
        """Expose when each sweep last ran and how far signing trails, read at scrape."""
        service, metrics = self.settings.service, self.metrics
        for worker in self.parts.workers:
            if isinstance(worker, PeriodicWorker) and worker.interval_s > 0:
                last_run = metrics.periodic_last_run.labels(service, worker.name)
                last_run.set_function(_last_run_of(worker))
                metrics.periodic_interval.labels(service, worker.name).set(worker.interval_s)
        checkpoints = self.checkpoints
        metrics.checkpoint_last_signed.labels(service).set_function(
            lambda: checkpoints.last_signed_wall
        )
        metrics.checkpoint_unsigned.labels(service).set_function(
            lambda: checkpoints.unsigned_events
        )
        metrics.checkpoint_interval.labels(service).set(checkpoints.interval_s)

    @property
    def service(self) -> str:
        return self.settings.service

    def _spawn(self, name: str, run: Callable[[], Awaitable[None]]) -> None:
        self._tasks.append(asyncio.create_task(supervise(name, run, self._stop), name=name))

    async def start(self) -> None:
        self._stop.clear()
        # The workers' store calls (asyncio.to_thread) run on a pool this runtime
        # owns, so stop() can wait for them without shutting the loop's own default
        # executor: a loop that outlives the runtime (a test client, an embedding
        # process) must stay able to run threads.
        self._executor = ThreadPoolExecutor(thread_name_prefix=f"kpd-{self.service}")
        asyncio.get_running_loop().set_default_executor(self._executor)
        # Before the first request: a restarted process must not honour, even for a
        # moment, a token its store already knows to be revoked. Until the list is
        # read (a store not yet usable), bearer requests answer 503: fail closed.
        try:
            await asyncio.to_thread(self.revocation_follower.refresh)
        except Exception as exc:
            log.warning("revocation list not loaded yet (%s); bearer requests wait for it", exc)
        for worker in self.parts.workers:
            self._spawn(worker.name, partial(worker.run, self._stop))
        self._spawn("bus", self._start_bus)

    async def _start_bus(self) -> None:
        if self.nc is None:
            self.nc = await connect(self.settings, name=f"kpd-{self.service}")
        self.metrics.nats_connected.labels(self.service).set(1)
        js = self.nc.jetstream(timeout=5)
        await ensure_streams(js, self.settings)
        self.streams_ready = True
        self.relay = OutboxRelay(
            self.app, self.service, self.parts.translate, js, self.settings, self.metrics
        )
        self._spawn(f"relay:{self.service}", partial(self.relay.run, self._stop))
        for producer, handlers in self.parts.handlers.items():
            runner = ConsumerRunner(
                consumer=self.service,
                producer=producer,
                handlers=handlers,
                app=self.app,
                js=js,
                metrics=self.metrics,
                batch_size=self.settings.consumer_batch_size,
                ack_wait_s=self.settings.consumer_ack_wait_s,
            )
            self.consumers.append(runner)
            self._spawn(runner.durable, partial(runner.run, self._stop))

    async def stop(self) -> None:
        self._stop.set()
        self.app.log_signal.notify()  # wake the log followers so they see the stop
        if self._tasks:
            for task in self._tasks:
                if task.get_name() == "bus":
                    task.cancel()  # only (re)connecting: nothing to finish
            # Let workers finish their current step; cancel only the stragglers.
            _, pending = await asyncio.wait(self._tasks, timeout=5)
            if pending:
                log.info("stopping: cancelling %s", sorted(t.get_name() for t in pending))
            for task in pending:
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()
        # A cancelled task's thread may still be inside the store: closing the store
        # under it crashes SQLite (a segfault, seen in tests). Wait for those threads.
        await self._drain_threads(timeout_s=15)
        # A graceful stop signs what was stored since the last checkpoint, so that an
        # auditor finds no old unsigned tail (kpd audit verify --max-unsigned-age).
        try:
            await asyncio.wait_for(asyncio.to_thread(self.checkpoints.sign_if_due, True), 10)
        except Exception as exc:  # a store that is away must not hold up the stop
            log.warning("stopping: last checkpoint not signed (%s)", exc)
        if self.nc is not None and not self.nc.is_closed:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(self.nc.close(), 5)
        self.app.close()

    async def _drain_threads(self, *, timeout_s: float) -> None:
        executor, self._executor = self._executor, None
        if executor is None:
            return
        loop = asyncio.get_running_loop()
        loop.set_default_executor(ThreadPoolExecutor())
        drained = loop.create_future()

        def drain() -> None:
            executor.shutdown(wait=True)
            with contextlib.suppress(RuntimeError):  # the loop closed after a timeout
                loop.call_soon_threadsafe(drained.set_result, None)

        threading.Thread(target=drain, name=f"kpd-{self.service}-drain", daemon=True).start()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(drained, timeout_s)

    async def read_position(self) -> int:
        """How far every read model of this service has applied the log.

        The projections' stored positions (shared by replicas); a service whose
        reads come from its aggregates or its consumers' tables is at its head.
        """
        projections = [w for w in self.parts.workers if isinstance(w, ProjectionRunner)]
        if not projections:
            return await asyncio.to_thread(self.app.max_notification_id)
        positions = [await asyncio.to_thread(p.position) for p in projections]
        return min(positions)

    async def readiness(self) -> dict[str, bool]:
        """Each check of ``/readyz``; all must hold for the service to take traffic."""
        checks = {"store": False, "nats": False, "streams": self.streams_ready, "relay": False}
        try:
            head = await asyncio.wait_for(asyncio.to_thread(self.app.max_notification_id), 3)
            checks["store"] = True
        except Exception:
            head = None
        nc = self.nc
        checks["nats"] = bool(nc is not None and nc.is_connected)
        self.metrics.nats_connected.labels(self.service).set(1 if checks["nats"] else 0)
        if head is not None and self.relay is not None:
            checks["relay"] = head - self.relay.position <= self.settings.ready_max_relay_lag
        return checks
