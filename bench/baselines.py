"""Raw store baselines: eventsourcing ``save()`` without kpd's layer, and bare INSERT+COMMIT."""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import psycopg

from bench.loader import BenchApplication, RawApplication, new_project, open_app, store_settings
from bench.stack import Stack
from bench.stats import Rate

# The size of a stored BenchProject.Registered with kpd's metadata and chain fields.
STATE_BYTES = 700


def threaded_rate(
    threads: int, seconds: float, make_step: Callable[[], Callable[[], object]]
) -> Rate:
    """Total calls per second of ``threads`` threads, each running its own step until a deadline."""
    deadline_box: list[float] = []
    # The deadline is set once, when every thread has its step ready.
    barrier = threading.Barrier(
        threads, action=lambda: deadline_box.append(time.perf_counter() + seconds)
    )

    def run() -> int:
        step = make_step()
        barrier.wait()
        deadline = deadline_box[0]
        count = 0
        while time.perf_counter() < deadline:
            step()
            count += 1
        return count

    started = time.perf_counter()
    with ThreadPoolExecutor(threads) as pool:
        counts = list(pool.map(lambda _: run(), range(threads)))
    return Rate(sum(counts), time.perf_counter() - started)


def save_rates(stack: Stack, seconds: float, *, kpd: bool) -> dict[int, Rate]:
    """save() of one new project per call, 1 and 8 threads, on a store beside the stack's."""
    schema = "bench_kpd" if kpd else "bench_raw"
    settings = store_settings(stack.root / schema, stack.database_url, schema=schema)
    app = open_app(BenchApplication if kpd else RawApplication, settings)
    counter = iter(range(10**9))
    try:
        return {
            clients: threaded_rate(
                clients, seconds, lambda: lambda: app.save(new_project(next(counter)))
            )
            for clients in (1, 8)
        }
    finally:
        app.close()


def insert_rates(database_url: str, seconds: float) -> dict[int, Rate]:
    """One-row INSERT + COMMIT per call on PostgreSQL, 1 and 8 connections."""
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA IF NOT EXISTS bench_insert")
        conn.execute(
            "CREATE TABLE IF NOT EXISTS bench_insert.events ("
            " notification_id bigserial PRIMARY KEY, originator_id uuid NOT NULL,"
            " originator_version integer NOT NULL, topic text NOT NULL, state bytea NOT NULL,"
            " UNIQUE (originator_id, originator_version))"
        )
    state = b"x" * STATE_BYTES
    connections: list[psycopg.Connection[tuple[object, ...]]] = []

    def make_step() -> Callable[[], object]:
        conn = psycopg.connect(database_url)
        connections.append(conn)

        def step() -> None:
            conn.execute(
                "INSERT INTO bench_insert.events"
                " (originator_id, originator_version, topic, state) VALUES (%s, 1, %s, %s)",
                (uuid.uuid4(), "bench.loader:BenchProject.Registered", state),
            )
            conn.commit()

        return step

    try:
        return {clients: threaded_rate(clients, seconds, make_step) for clients in (1, 8)}
    finally:
        for conn in connections:
            conn.close()
