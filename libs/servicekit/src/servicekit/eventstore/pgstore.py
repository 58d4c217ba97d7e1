"""eventsourcing's PostgreSQL factory, with a bounded reconnect budget for its pool.

psycopg_pool replaces a lost connection in the background, retrying with growing
pauses (1, 2, 4, 8 s …) for five minutes, and every request that needs a
connection waits for those attempts. After a 10 s outage the next one came 3–6 s
after PostgreSQL was back (measured), so the service stayed unusable that long.
With the budget bounded, an attempt that has failed for
``POSTGRES_RECONNECT_TIMEOUT`` seconds gives its slot back and the next caller
that needs a connection starts a fresh attempt at once: recovery follows the
database within about a second.

eventsourcing reads no such setting, so this subclass applies it after building
the datastore; ``store_environment`` selects it through ``PERSISTENCE_MODULE``.
"""

from __future__ import annotations

from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment, EnvType

RECONNECT_TIMEOUT = "POSTGRES_RECONNECT_TIMEOUT"
DEFAULT_RECONNECT_TIMEOUT_S = 2.0
TOPIC = "servicekit.eventstore.pgstore:KpdPostgresFactory"


class KpdPostgresFactory(PostgresFactory):
    def __init__(self, env: Environment | EnvType | None) -> None:
        super().__init__(env)
        raw = self.env.get(RECONNECT_TIMEOUT)
        budget = float(raw) if raw else DEFAULT_RECONNECT_TIMEOUT_S
        if budget <= 0:
            raise ValueError(f"{RECONNECT_TIMEOUT} must be positive, not {raw!r}")
        # A public attribute, read by the pool at each failed attempt (psycopg_pool 3.2+).
        self.datastore.pool.reconnect_timeout = budget
