"""The migration step: ``python -m servicekit.migrate --service NAME``.

Creates a service's schema, event-store tables and read-model tables once,
before any service process starts (services run with ``CREATE_TABLE=n``:
concurrent starts creating tables race). Each service package provides
``<service>.main.migrate(settings)``; this module only finds and calls it.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Callable
from typing import cast

from servicekit.settings import MIGRATABLE_SERVICES, ServiceSettings
from servicekit.store import when_store_reachable


def migrate_service(settings: ServiceSettings) -> None:
    module = importlib.import_module(f"{settings.service}.main")
    migrate = cast(Callable[[ServiceSettings], None], module.migrate)
    migrate(settings)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m servicekit.migrate", description=__doc__)
    parser.add_argument(
        "--service", choices=sorted(MIGRATABLE_SERVICES), action="append", required=True
    )
    args = parser.parse_args(argv)
    for service in args.service:
        settings = ServiceSettings(service=service)
        try:
            when_store_reachable(settings, migrate_service, settings)
        except Exception as exc:
            print(f"migration of {service} failed: {exc}", file=sys.stderr)
            return 1
        where = settings.schema_name if settings.uses_postgres else settings.event_store_path
        print(f"migrated {service} ({where})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
