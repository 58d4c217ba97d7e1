"""Prometheus metrics every service exposes at ``/metrics``.

Each service instance has its own registry (tests run several in one process).
Names are the contract with ``deploy/grafana`` and ``deploy/prometheus``: a test
there fails when a dashboard queries a metric that is not defined here.
"""

from __future__ import annotations

import platform
from importlib.metadata import PackageNotFoundError, version

from prometheus_client import (
    GC_COLLECTOR,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    PlatformCollector,
    ProcessCollector,
)

LATENCY_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)


class ServiceMetrics:
    def __init__(self, service: str) -> None:
        self.service = service
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        # What an operator looks at first: memory, CPU, open files, GC, and which build.
        ProcessCollector(registry=r)
        PlatformCollector(registry=r)
        r.register(GC_COLLECTOR)
        Info("kpd_build", "The running build of this service", registry=r).info(
            {"service": service, "version": _version(), "python": platform.python_version()}
        )
        self.http_requests = Counter(
            "kpd_http_requests_total",
            "HTTP requests by route and status",
            ["service", "method", "route", "status"],
            registry=r,
        )
        self.http_latency = Histogram(
            "kpd_http_request_duration_seconds",
            "HTTP request latency by route",
            ["service", "method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.sweep_failures = Counter(
            "kpd_sweep_failures_total",
            "Objects a sweep skipped because handling them failed (logged with the cause)",
            ["service", "sweep"],
            registry=r,
        )
        self.events_appended = Counter(
            "kpd_events_appended_total",
            "Domain events stored in the service's event store",
            ["service"],
            registry=r,
        )
        self.relay_lag = Gauge(
            "kpd_relay_lag_events",
            "Stored events not yet acknowledged by JetStream",
            ["service"],
            registry=r,
        )
        self.relay_position = Gauge(
            "kpd_relay_position",
            "Last notification id acknowledged by JetStream",
            ["service"],
            registry=r,
        )
        self.relay_active = Gauge(
            "kpd_relay_active",
            "1 on the replica whose relay holds the publishing lock",
            ["service"],
            registry=r,
        )
        self.relay_published = Counter(
            "kpd_relay_published_total",
            "Events published by the outbox relay",
            ["service"],
            registry=r,
        )
        self.relay_retries = Counter(
            "kpd_relay_retries_total",
            "Relay batches retried after a failed or missing ack",
            ["service"],
            registry=r,
        )
        self.relay_batch_seconds = Histogram(
            "kpd_relay_batch_seconds",
            "Time to publish one relay batch and record its position",
            ["service"],
            buckets=LATENCY_BUCKETS,
            registry=r,
        )
        self.consumer_lag = Gauge(
            "kpd_consumer_lag_messages",
            "Messages pending for a durable consumer",
            ["service", "consumer"],
            registry=r,
        )
        self.consumer_applied = Counter(
            "kpd_consumer_applied_total",
            "Incoming events applied",
            ["service", "consumer"],
            registry=r,
        )
        self.consumer_skipped = Counter(
            "kpd_consumer_skipped_total",
            "Redelivered events recognised and skipped",
            ["service", "consumer"],
            registry=r,
        )
        self.consumer_retries = Counter(
            "kpd_consumer_retries_total",
            "Transient failures retried (nak with delay)",
            ["service", "consumer"],
            registry=r,
        )
        self.dead_letters = Counter(
            "kpd_dead_letters_total",
            "Messages refused and copied to the dead-letter subject",
            ["service", "consumer", "reason"],
            registry=r,
        )
        self.nats_connected = Gauge(
            "kpd_nats_connected",
            "1 when the service holds a NATS connection",
            ["service"],
            registry=r,
        )
        self.projection_lag = Gauge(
            "kpd_projection_lag_events",
            "Own-log events not yet applied to a read model",
            ["service", "projection"],
            registry=r,
        )
        # Read at scrape time from the workers (runtime/service.py watch_workers).
        self.periodic_last_run = Gauge(
            "kpd_periodic_last_run_timestamp_seconds",
            "Unix time a periodic job (sweep) last completed, or its worker started",
            ["service", "worker"],
            registry=r,
        )
        self.periodic_interval = Gauge(
            "kpd_periodic_interval_seconds",
            "Configured interval of a periodic job (sweep)",
            ["service", "worker"],
            registry=r,
        )
        self.checkpoint_last_signed = Gauge(
            "kpd_checkpoint_last_signed_timestamp_seconds",
            "Unix time this process last signed a checkpoint, or started",
            ["service"],
            registry=r,
        )
        self.checkpoint_unsigned = Gauge(
            "kpd_checkpoint_unsigned_events",
            "Events stored since the last signed checkpoint",
            ["service"],
            registry=r,
        )
        self.checkpoint_interval = Gauge(
            "kpd_checkpoint_interval_seconds",
            "Configured time after which new events are signed",
            ["service"],
            registry=r,
        )


def _version() -> str:
    try:
        return version("kpd-servicekit")
    except PackageNotFoundError:
        return "unknown"
