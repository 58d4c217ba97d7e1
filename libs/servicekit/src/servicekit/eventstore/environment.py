"""Where a service's events are stored: the ``eventsourcing`` environment.

PostgreSQL when ``KPD_DATABASE_URL`` is set (one schema per service), SQLite under
``var/`` otherwise, the in-memory store for unit tests. Tables are created by the
migration step only (``CREATE_TABLE=n`` in services): concurrent service starts
creating them race ("tuple concurrently updated"). ``POSTGRES_ENABLE_DB_FUNCTIONS``
is never set: its insert mode lets log readers miss events.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import unquote, urlsplit

from eventsourcing.persistence import InterfaceError, OperationalError
from tenacity import Retrying, retry_if_exception_type, stop_after_delay, wait_exponential

from servicekit.core.settings import ServiceSettings

log = logging.getLogger("kpd.store")
T = TypeVar("T")

INMEMORY: dict[str, str] = {"PERSISTENCE_MODULE": "eventsourcing.popo"}


def store_environment(settings: ServiceSettings, *, create_tables: bool = False) -> dict[str, str]:
    """The ``eventsourcing`` environment for a service's store."""
    create = "y" if create_tables else "n"
    # Cached aggregates are fast-forwarded from the store on every get, so a cache
    # stays correct with several replicas; it saves re-reading whole histories.
    cache = {"AGGREGATE_CACHE_MAXSIZE": "5000", "AGGREGATE_CACHE_FASTFORWARD": "y"}
    if not settings.uses_postgres:
        settings.var_dir.mkdir(parents=True, exist_ok=True)
        return {
            **cache,
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(settings.event_store_path),
            "SQLITE_LOCK_TIMEOUT": "10",
            "CREATE_TABLE": create,
        }
    url = urlsplit(settings.database_url)
    return {
        # eventsourcing.postgres's factory, plus a bounded pool reconnect budget (pgstore.py).
        "PERSISTENCE_MODULE": "servicekit.eventstore.pgstore:KpdPostgresFactory",
        "POSTGRES_RECONNECT_TIMEOUT": "2",
        "POSTGRES_DBNAME": url.path.lstrip("/") or "postgres",
        "POSTGRES_HOST": url.hostname or "127.0.0.1",
        "POSTGRES_PORT": str(url.port or 5432),
        "POSTGRES_USER": unquote(url.username or "postgres"),
        "POSTGRES_PASSWORD": unquote(url.password or ""),
        "POSTGRES_SCHEMA": settings.schema_name,
        "POSTGRES_POOL_SIZE": str(settings.postgres_pool_size),
        "POSTGRES_CONNECT_TIMEOUT": "2",
        "POSTGRES_LOCK_TIMEOUT": "5",
        # No round trip before every store call (10 % of a command's CPU): a connection
        # broken by a restart fails once, is discarded, and eventsourcing retries.
        "POSTGRES_PRE_PING": "n",
        "CREATE_TABLE": create,
        **cache,
    }


def when_store_reachable(settings: ServiceSettings, call: Callable[..., T], *args: Any) -> T:
    """``call(*args)``, retried while the event store cannot be reached.

    For start-up and migration: PostgreSQL may be starting, restarting or too busy
    to hand out a connection in time; waiting up to ``store_startup_wait_s`` beats
    exiting and relying on whoever started us to try again.
    """
    retrying = Retrying(
        retry=retry_if_exception_type((OperationalError, InterfaceError)),
        stop=stop_after_delay(settings.store_startup_wait_s),
        wait=wait_exponential(multiplier=0.2, max=2.0),
        before_sleep=lambda state: log.warning(
            "event store not reachable (%s); retrying",
            state.outcome and state.outcome.exception(),
        ),
        reraise=True,
    )
    return retrying(call, *args)


def build_env(
    settings: ServiceSettings | None, extra: dict[str, Any] | None = None
) -> dict[str, str]:
    """Store environment for settings, or the in-memory store when settings is None."""
    env = dict(INMEMORY) if settings is None else store_environment(settings)
    env.update({k: str(v) for k, v in (extra or {}).items()})
    return env
