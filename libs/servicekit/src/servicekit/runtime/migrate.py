"""The migration step: ``python -m servicekit.runtime.migrate --service NAME``.

Creates a service's schema, event-store tables and read-model tables once,
before any service process starts (services run with ``CREATE_TABLE=n``:
concurrent starts creating tables race). Each service package declares its
``migrate(settings)`` as an entry point in the ``kpd.migrations`` group; this
module finds it there, so servicekit imports no service by name.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import cast

from servicekit.core.settings import MIGRATABLE_SERVICES, ServiceSettings
from servicekit.eventstore.environment import when_store_reachable

ENTRY_POINT_GROUP = "kpd.migrations"


class ServiceNotInstalledError(LookupError):
    """No installed package declares the service's migration."""


def find_migration(service: str) -> Callable[[ServiceSettings], None]:
    found = entry_points(group=ENTRY_POINT_GROUP, name=service)
    if not found:
        raise ServiceNotInstalledError(
            f"no package declares a {ENTRY_POINT_GROUP} entry point for {service!r} "
            "(is the service installed? run `uv sync`)"
        )
    return cast(Callable[[ServiceSettings], None], next(iter(found)).load())


def migrate_service(settings: ServiceSettings) -> None:
    """Run one service's migration now (the store must be reachable)."""
    find_migration(settings.service)(settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m servicekit.runtime.migrate", description=__doc__
    )
    parser.add_argument(
        "--service", choices=sorted(MIGRATABLE_SERVICES), action="append", required=True
    )
    args = parser.parse_args(argv)
    for service in args.service:
        settings = ServiceSettings(service=service)
        try:
            when_store_reachable(settings, find_migration(service), settings)
        except Exception as exc:
            print(f"migration of {service} failed: {exc}", file=sys.stderr)
            return 1
        where = settings.schema_name if settings.uses_postgres else settings.event_store_path
        print(f"migrated {service} ({where})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
