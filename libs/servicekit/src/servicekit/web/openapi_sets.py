"""Closed sets in the OpenAPI documents: the values a field may take, with their names.

Sectors, counties, stages, categories, roles… are identifiers from a closed set,
but the request and answer models type them as plain strings: some sets are the
organisation's data (a county registered today is valid today), and the models
stay shared with code that must not know the data. So each service names its sets
(``"Schema.property"`` → ``ClosedSet``) and every ``/openapi.json`` is written with
them as ``enum`` (the values), ``x-enumDescriptions`` (value → Chinese name, as
ReDoc shows it) and the names in the description (as Swagger UI shows it). The
sets are read at each request, so the document follows the organisation; when
they cannot be read (the store is away) the document is served without the
data-backed ones rather than failing.
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI

from contracts.labels import ROLE_LABELS

log = logging.getLogger("kpd.openapi")


@dataclass(frozen=True)
class ClosedSet:
    """The values a field may take, in order, each with its Chinese name."""

    names: Mapping[str, str]

    @classmethod
    def of(cls, values: Mapping[str, str] | list[str] | tuple[str, ...]) -> ClosedSet:
        """From a label table, or bare values (named by themselves)."""
        if isinstance(values, Mapping):
            return cls(dict(values))
        return cls({value: value for value in values})


ClosedSets = Mapping[str, ClosedSet]
# Called with the service's application once it runs: the sets read from its data.
SetsOf = Callable[[Any], ClosedSets]

ROLES = ClosedSet.of(ROLE_LABELS)
# Every service's problem answers name roles (403 ``allowed_roles``).
COMMON_SETS: ClosedSets = {"Problem.allowed_roles": ROLES}


def install_closed_sets(
    app: FastAPI, fixed: ClosedSets, live: SetsOf | None, application: Callable[[], Any]
) -> None:
    """Make ``app.openapi()`` state the service's closed sets: ``fixed`` ones (the
    domain's tables) always, ``live`` ones (read from the service's data) at each call."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        document = copy.deepcopy(generate())
        sets = {**COMMON_SETS, **fixed}
        running = application()
        if live is not None and running is not None:
            try:
                sets.update(live(running))
            except Exception:  # the document must still load when the store is away
                log.warning("closed sets not read; /openapi.json without them", exc_info=True)
        # Outside the guard: a set naming no property is a bug to see, not to serve around.
        apply_closed_sets(document, sets)
        return document

    app.openapi = openapi  # type: ignore[method-assign]


def apply_closed_sets(document: dict[str, Any], sets: ClosedSets) -> None:
    """Constrain each ``Schema.property`` of ``document`` to its set.

    A key naming no property is an error: a renamed field must not silently lose
    its set (the services' tests build every document)."""
    schemas = document.get("components", {}).get("schemas", {})
    for key, closed in sets.items():
        if not closed.names:
            continue  # not learned yet (no county registered): an empty enum would refuse all
        schema_name, _, name = key.partition(".")
        found = schemas.get(schema_name, {}).get("properties", {}).get(name)
        if found is None:
            raise LookupError(f"closed set for {key}: no such schema property")
        _constrain(found, closed)


def _constrain(prop: dict[str, Any], closed: ClosedSet) -> None:
    target = _string_schema(prop)
    target["enum"] = list(closed.names)
    target["x-enumDescriptions"] = dict(closed.names)
    listed = "、".join(f"{value}（{name}）" for value, name in closed.names.items())
    before = prop.get("description")
    prop["description"] = f"{before}\n\n可选值：{listed}" if before else f"可选值：{listed}"


def _string_schema(prop: dict[str, Any]) -> dict[str, Any]:
    """Where the enum goes: the string itself, an array's items, a nullable's string."""
    if prop.get("type") == "array":
        items: dict[str, Any] = prop.setdefault("items", {"type": "string"})
        return items
    for branch in prop.get("anyOf", []):
        if branch.get("type") == "string":
            chosen: dict[str, Any] = branch
            return chosen
        if branch.get("type") == "array":
            return _string_schema(branch)
    return prop
