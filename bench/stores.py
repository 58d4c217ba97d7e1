"""Stand-alone stores for the store-only figures: a SQLite file or a fresh PostgreSQL database."""

from __future__ import annotations

import contextlib
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bench.loader import store_settings
from servicekit.core.settings import ServiceSettings
from servicekit.dev.testing import create_database, drop_database


@contextlib.contextmanager
def bench_store(backend: str, schema: str = "bench") -> Iterator[ServiceSettings]:
    """Settings for an empty store of ``backend``; the files or the database go afterwards."""
    with tempfile.TemporaryDirectory(prefix=f"kpd-bench-store-{backend}-") as tmp:
        if backend != "postgres":
            yield store_settings(Path(tmp), schema=schema)
            return
        url = create_database("kpd_bench")
        try:
            yield store_settings(Path(tmp), url, schema=schema)
        finally:
            drop_database(url)
