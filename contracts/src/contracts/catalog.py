"""The subject → model table: every event type kpd publishes, by CloudEvents ``type``.

JSON Schemas, the AsyncAPI document and consumer-side validation are all derived
from this one table, so adding an event here is how it becomes part of the contract.
"""

from __future__ import annotations

import inspect
from types import ModuleType
from typing import Final

from contracts import assessment, audit, issues, notify, registry, scheduling, workbench
from contracts.base import EventData


def _models(module: ModuleType) -> list[type[EventData]]:
    return [
        obj
        for _, obj in inspect.getmembers(module, inspect.isclass)
        if issubclass(obj, EventData)
        and obj.__module__ == module.__name__
        and "event_name" in vars(obj)
        and not obj.__name__.startswith("_")
    ]


def _build(*modules: ModuleType) -> dict[str, type[EventData]]:
    table: dict[str, type[EventData]] = {}
    for module in modules:
        for model in _models(module):
            key = model.type_name()
            if key in table:
                raise RuntimeError(f"duplicate event type {key}")
            table[key] = model
    return dict(sorted(table.items()))


CATALOG: Final[dict[str, type[EventData]]] = _build(
    registry, issues, scheduling, assessment, notify, workbench, audit
)


def model_for(type_name: str) -> type[EventData]:
    """The payload model of an event type; KeyError when the type is unknown."""
    return CATALOG[type_name]
