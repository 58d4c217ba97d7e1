"""Chinese names of the organisation's units, so pages never show a bare id."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from fastapi import Request

from workbench.sessions import Session
from workbench.upstream import Api

ORG_PATHS = {
    "counties": "/v1/org/counties",
    "departments": "/v1/org/departments",
    "subcommands": "/v1/org/subcommands",
    "headquarters": "/v1/org/headquarters",
    "other_units": "/v1/org/other-units",
}
# Renames and new units are rare commands; a few minutes of staleness is harmless
# and saves five calls per page.
CACHE_SECONDS = 300.0


@dataclass
class OrgNames:
    units: dict[str, dict[str, list[dict[str, object]]]] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    fetched_at: float = 0.0

    def name(self, unit_id: object) -> str:
        text = "" if unit_id is None else str(unit_id)
        return self.names.get(text, text)

    def of_kind(self, kind: str) -> list[dict[str, object]]:
        """``[{id, name, …}]`` of one kind (counties, departments, subcommands, …)."""
        return list(self.units.get("all", {}).get(kind, []))


async def org_names(request: Request, api: Api, session: Session) -> OrgNames:
    cached: OrgNames | None = getattr(request.app.state, "org_names", None)
    if cached is not None and time.monotonic() - cached.fetched_at < CACHE_SECONDS:
        return cached
    by_kind: dict[str, list[dict[str, object]]] = {}
    names: dict[str, str] = {}
    for kind, path in ORG_PATHS.items():
        units = await api.get(session, "registry", path)
        by_kind[kind] = units
        for unit in units:
            names[str(unit["id"])] = str(unit.get("name") or unit["id"])
    fresh = OrgNames(units={"all": by_kind}, names=names, fetched_at=time.monotonic())
    request.app.state.org_names = fresh
    return fresh
