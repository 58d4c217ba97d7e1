"""Fail fast while the database is down: a probe the HTTP edge consults.

The store's driver retries a lost connection for several seconds per call; a
client would see a slow request instead of a clear answer. The probe checks the
database twice a second on its own connection; while it fails, business routes
answer 503 at once (with Retry-After), and they recover as soon as it passes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import psycopg

from servicekit.settings import ServiceSettings

log = logging.getLogger("kpd.store")
PROBE_INTERVAL_S = 0.5


class StoreProbe:
    name = "store-probe"

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.ok = True
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None

    def probe(self) -> bool:
        if not self.settings.uses_postgres:
            return True
        try:
            if self._conn is None or self._conn.closed:
                self._conn = psycopg.connect(
                    self.settings.database_url, autocommit=True, connect_timeout=1
                )
            self._conn.execute("SELECT 1")
            return True
        except psycopg.Error:
            self.close()
            return False

    def close(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None

    async def run(self, stop: asyncio.Event) -> None:
        try:
            while not stop.is_set():
                ok = await asyncio.to_thread(self.probe)
                if ok != self.ok:
                    log.warning("event store %s", "reachable again" if ok else "unreachable")
                self.ok = ok
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), PROBE_INTERVAL_S)
        finally:
            await asyncio.to_thread(self.close)
