"""Stores made before the directory was a producer: its PostgreSQL table was named after
the class (``userdirectory_events``); now it is ``workbench_events`` like every
service's. The migration renames it in place, so no account is left behind."""

from __future__ import annotations

import psycopg
from psycopg import sql

from servicekit.core.settings import ServiceSettings

LEGACY_TABLE = "userdirectory_events"
TABLE = "workbench_events"


def adopt_legacy_table(settings: ServiceSettings) -> bool:
    """Rename the legacy table (and its index) when only it exists; True when renamed."""
    if not settings.uses_postgres:
        return False  # SQLite's table is stored_events whatever the application's name
    schema = settings.schema_name
    with psycopg.connect(settings.database_url, autocommit=True) as conn:
        old, new = conn.execute(
            "SELECT to_regclass(%s), to_regclass(%s)",
            (f"{schema}.{LEGACY_TABLE}", f"{schema}.{TABLE}"),
        ).fetchone() or (None, None)
        if old is None or new is not None:
            return False
        with conn.transaction():
            conn.execute(
                sql.SQL("ALTER TABLE {}.{} RENAME TO {}").format(
                    sql.Identifier(schema), sql.Identifier(LEGACY_TABLE), sql.Identifier(TABLE)
                )
            )
            conn.execute(
                sql.SQL("ALTER INDEX IF EXISTS {}.{} RENAME TO {}").format(
                    sql.Identifier(schema),
                    sql.Identifier(f"{LEGACY_TABLE}_notification_id_idx"),
                    sql.Identifier(f"{TABLE}_notification_id_idx"),
                )
            )
    return True
