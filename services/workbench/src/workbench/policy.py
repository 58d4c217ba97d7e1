"""What the workbench reads of the policy file, to offer the choices the services accept.

The workbench enforces no rule (the services do, and refuse what breaks one);
it reads the few parameters that shape its forms — the approval steps a
project may record, the categories a problem may be filed under and who
handles each, the notice an extension needs. Each view takes only those keys
of its service's section and ignores the rest, so the services' sections stay
theirs to grow; a missing or wrongly typed key still stops the page with the
key named. Read once per process: the file is fixed at start-up.
"""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel, ConfigDict, Field

from servicekit.policy import PolicySection

V = TypeVar("V", bound=PolicySection)


class _View(PolicySection):
    model_config = ConfigDict(extra="ignore", frozen=True)


class DepartmentDutyView(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)
    issue_categories: list[str] = Field(default_factory=list)


class IssuesView(_View, section="issues"):
    extension_min_notice_working_days: int = Field(ge=0)
    # Required here (the issues service has defaults): the form must list what the
    # file routes, and a file that leaves them out says so on the first page.
    category_routing: dict[str, str]
    sector_lead_departments: dict[str, str]
    duty_matrix: dict[str, DepartmentDutyView]


def policy_view(request: Request, view: type[V]) -> V:
    """The view, loaded from the workbench's policy file on first use and kept."""
    state = request.app.state
    cache: dict[type[PolicySection], PolicySection] | None = getattr(state, "policy_views", None)
    if cache is None:
        cache = state.policy_views = {}
    found = cache.get(view)
    if found is None:
        found = cache[view] = view.load(state.settings.policy_file)
    assert isinstance(found, view)
    return found
