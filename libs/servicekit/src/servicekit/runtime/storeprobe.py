"""Fail fast while the database is down: a probe the HTTP edge consults.

The store's driver retries a lost connection for several seconds per call; a
client would see a slow request instead of a clear answer. The probe checks the
database on its own connection every ``store_probe_interval_s``; while it fails,
``deadline.StoreDeadlineMiddleware`` answers new /v1 requests 503 at once and
requests already inside the store 503 after ``store_request_bound_s``; they
recover as soon as it passes.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

import psycopg

from servicekit.core.settings import ServiceSettings

log = logging.getLogger("kpd.store")
# A probe round still running after this long counts as a failure: a black-holed
# connection can hang a query far beyond the connect timeout (psycopg's minimum is 2 s).
HUNG_PROBE_S = 2.5


class StoreProbe:
    name = "store-probe"

    def __init__(self, settings: ServiceSettings) -> None:
        self.settings = settings
        self.interval_s = settings.store_probe_interval_s
        self.ok = True
        self._probing_since: float | None = None
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None

    @property
    def reachable(self) -> bool:
        """The last round passed and the current one (if any) has not hung."""
        since = self._probing_since
        return self.ok and (since is None or time.monotonic() - since < HUNG_PROBE_S)

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
                self._probing_since = time.monotonic()
                try:
                    ok = await asyncio.to_thread(self.probe)
                finally:
                    self._probing_since = None
                if ok != self.ok:
                    log.warning("event store %s", "reachable again" if ok else "unreachable")
                self.ok = ok
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.interval_s)
        finally:
            await asyncio.to_thread(self.close)
