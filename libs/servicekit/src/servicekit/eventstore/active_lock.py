"""One active worker of a kind per service, however many replicas run (PostgreSQL advisory lock).

Replicas of a service share one store; each runs, say, a relay, but only the
holder of the service's advisory lock for that purpose works — the others stand
by and take over when its session ends (the lock dies with the connection).
For the relay the lock only avoids wasted work (JetStream de-duplicates by event
id); for notify's dispatcher it is what keeps two replicas from sending the same
e-mail. SQLite stores belong to one process: always active.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import time

import psycopg

from servicekit.core.settings import ServiceSettings

log = logging.getLogger("kpd.active")
PROBE_INTERVAL_S = 2.0


def lock_key(service: str, purpose: str = "relay") -> int:
    """A stable signed 64-bit key per service and purpose (the relay's predates purposes)."""
    digest = hashlib.sha256(f"kpd-{purpose}:{service}".encode()).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


class ActiveLock:
    def __init__(self, settings: ServiceSettings, purpose: str = "relay") -> None:
        self.settings = settings
        self.purpose = purpose
        self.key = lock_key(settings.service, purpose)
        self._conn: psycopg.Connection[tuple[object, ...]] | None = None
        self._checked = 0.0

    def fresh(self) -> bool:
        """Held and checked lately: no need to ask the database (nor leave the event loop)."""
        if not self.settings.uses_postgres:
            return True
        conn = self._conn
        return (
            conn is not None
            and not conn.closed
            and time.monotonic() - self._checked < PROBE_INTERVAL_S
        )

    def acquire(self) -> bool:
        """True when this process may work (holds or just took the lock)."""
        if not self.settings.uses_postgres:
            return True
        try:
            if self._conn is not None and not self._conn.closed:
                # A lost session releases the lock: probe it now and then, not per batch.
                if time.monotonic() - self._checked < PROBE_INTERVAL_S:
                    return True
                self._conn.execute("SELECT 1")
                self._checked = time.monotonic()
                return True
            self._conn = psycopg.connect(
                self.settings.database_url, autocommit=True, connect_timeout=5
            )
            row = self._conn.execute("SELECT pg_try_advisory_lock(%s)", (self.key,)).fetchone()
        except psycopg.Error as exc:
            log.warning("%s lock unavailable: %s", self.purpose, exc)
            self.release()
            return False
        if row is None or not row[0]:
            self.release()
            return False
        self._checked = time.monotonic()
        log.info("%s of %s is active on this replica", self.purpose, self.settings.service)
        return True

    def release(self) -> None:
        if self._conn is not None:
            with contextlib.suppress(psycopg.Error):
                self._conn.close()
            self._conn = None
