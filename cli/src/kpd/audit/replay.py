"""``kpd audit replay``: rebuild an aggregate, or a service's read models, from events.

An aggregate is rebuilt with the service's own application class (its events'
classes, upcasters and transcodings), optionally as it stood at ``--as-of``.
Read models are rebuilt into a fresh SQLite directory, never over the live
ones: the service's ``migrate`` creates the tables there, its ``build_parts``
names the projections, and each projection is run over the *source* log.
"""

from __future__ import annotations

import dataclasses
import importlib
import inspect
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from pathlib import Path
from types import ModuleType
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.store import KpdApplication
from servicekit.readside.readmodel import ProjectionRunner, ReadModelBase
from servicekit.runtime.infrastructure import build_infrastructure

LOCAL_ZONE = ZoneInfo("Asia/Shanghai")


def application_class(service: str, spec: str | None = None) -> type[KpdApplication]:
    """``module:Class`` when given, else the ``KpdApplication`` in ``<service>.application``."""
    if spec:
        module_name, _, class_name = spec.partition(":")
        found = getattr(importlib.import_module(module_name), class_name, None)
        if not (inspect.isclass(found) and issubclass(found, KpdApplication)):
            raise TypeError(f"{spec} 不是 KpdApplication 子类 / not a KpdApplication")
        return found
    module = importlib.import_module(f"{service}.application")
    for _, candidate in inspect.getmembers(module, inspect.isclass):
        # The package may re-export its class from a submodule: match on the app's name.
        if issubclass(candidate, KpdApplication) and getattr(candidate, "name", "") == service:
            return candidate
    raise LookupError(f"{module.__name__} 中没有 KpdApplication / no application class")


def parse_as_of(text: str) -> datetime:
    """An ISO date or time; without a zone it is Beijing time (the business zone)."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=LOCAL_ZONE)


def replay_aggregate(app: KpdApplication, aggregate_id: UUID, as_of: datetime | None) -> Any:
    """The aggregate rebuilt from its events (up to ``as_of`` when given)."""
    if as_of is None:
        return app.repository.get(aggregate_id)
    return app.get_as_of(aggregate_id, as_of)


def jsonable(value: Any) -> Any:
    """An aggregate's state for printing: money stays an exact decimal string."""
    if isinstance(value, Enum):
        return jsonable(value.value)
    if isinstance(value, Decimal | UUID):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        items = [jsonable(v) for v in value]
        return sorted(items, key=str) if isinstance(value, set | frozenset) else items
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return jsonable(dataclasses.asdict(value))
    if hasattr(value, "__dict__"):
        return {k: jsonable(v) for k, v in vars(value).items() if not k.startswith("__")}
    return value


def aggregate_document(aggregate: Any) -> dict[str, Any]:
    """Type, id, version and every attribute of an aggregate."""
    attributes = {k.lstrip("_"): v for k, v in vars(aggregate).items()}
    state = {k: jsonable(v) for k, v in attributes.items() if k != "pending_events"}
    return {"type": type(aggregate).__qualname__, **state}


def rebuild_read_models(
    main_module: ModuleType, source: KpdApplication, service: str, into: Path
) -> dict[str, Any]:
    """Run every projection of ``build_parts`` over ``source``'s log into ``into``.

    Returns events applied per projection and rows per read-model table. The
    parts are built against an empty store under ``into`` (a service that seeds
    reference data on start seeds it there), so the audited store is only read.
    """
    target = ServiceSettings.model_validate(
        {"service": service, "var_dir": into, "database_url": ""}
    )
    main_module.migrate(target)
    infra = build_infrastructure(target, main_module.POLICY)
    parts = main_module.build_parts(infra)
    applied: dict[str, int] = {}
    try:
        for worker in parts.workers:
            if isinstance(worker, ProjectionRunner):
                runner = ProjectionRunner(source, infra.engine, worker.projection)
                applied[worker.projection.name] = runner.catch_up()
        with infra.engine.connect() as conn:
            rows = {
                table.name: int(conn.execute(select(func.count()).select_from(table)).scalar_one())
                for table in ReadModelBase.metadata.sorted_tables
            }
    finally:
        parts.app.close()
        infra.engine.dispose()
    return {"projections": applied, "tables": rows, "database": target.read_model_url}
