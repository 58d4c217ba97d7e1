"""Print the role table of every business route, read from the apps' dependencies.

Used to draft contracts/src/contracts/access.py; the table there is the reviewed
contract, and the matrix test fails when a route's roles drift from it.
"""

from __future__ import annotations

import importlib
import sys
import tempfile
from pathlib import Path
from typing import Any

from fastapi.routing import APIRoute

from servicekit.dev.testing import local_settings

ALL = "ALL"


def roles_of(dependant: Any) -> set[str] | None:
    found: set[str] | None = None
    for dep in dependant.dependencies:
        call = dep.call
        if getattr(call, "__name__", "") == "principal_with_role" and call.__closure__:
            for cell in call.__closure__:
                if isinstance(cell.cell_contents, frozenset):
                    found = {str(r) for r in cell.cell_contents}
        inner = roles_of(dep)
        if inner is not None:
            found = inner if found is None else found & inner
    return found


def api_routes(routes: list[Any]) -> list[APIRoute]:
    """Every APIRoute, also inside included routers (FastAPI keeps those lazily)."""
    found: list[APIRoute] = []
    for route in routes:
        if isinstance(route, APIRoute):
            found.append(route)
        elif hasattr(route, "original_router"):
            found.extend(api_routes(route.original_router.routes))
    return found


def main() -> None:
    out: dict[tuple[str, str, str], Any] = {}
    for service in sys.argv[1:] or ["registry", "issues", "scheduling", "assessment", "notify"]:
        app = importlib.import_module(f"{service}.main").create_app(
            local_settings(service, Path(tempfile.mkdtemp()))
        )
        for route in api_routes(app.routes):
            if not route.path.startswith("/v1"):
                continue
            roles = roles_of(route.dependant)
            for method in sorted(route.methods):
                out[(service, method, route.path)] = sorted(roles) if roles is not None else ALL
    print("ACCESS = {")
    for key, roles in sorted(out.items()):
        print(f"    {key!r}: {roles!r},")
    print("}")


if __name__ == "__main__":
    main()
