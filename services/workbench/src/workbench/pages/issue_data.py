"""What the issue pages read: the issue, names of units and projects, calendar and policy.

The calendar and the policy are built once per workbench process (on first use) and
kept on ``app.state``; the policy's ``issues`` section gives the duty matrix's
categories and the extension notice the service applies.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import date
from typing import Any
from urllib.parse import quote
from uuid import UUID

from fastapi import Request

from contracts.labels import ISSUE_CATEGORY_LABELS, LEVEL_LABELS
from servicekit.core.clock import SystemClock
from workbench.org import OrgNames, org_names
from workbench.pages.issue_history import history_lines
from workbench.pages.issue_rules import (
    extension_grants_at_once,
    offered_actions,
    time_left,
)
from workbench.policy import IssuesView, policy_view
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import working_days

SECTOR_LEAD = "sector_lead"


def issues_policy(request: Request) -> IssuesView:
    return policy_view(request, IssuesView)


def unit_namer(org: OrgNames) -> Callable[[object], str]:
    """Chinese name of a unit id, or of the HQ levels an issue may be assigned to."""

    def name(unit: object) -> str:
        text = "" if unit is None else str(unit)
        if text in org.names:
            return org.name(text)
        return LEVEL_LABELS.get(text, text)

    return name


def category_choices(policy: IssuesView, names: Callable[[object], str]) -> list[tuple[str, str]]:
    """The duty matrix's categories as the service routes them, with who handles each."""
    routed: dict[str, str] = {
        category: department
        for department, duty in policy.duty_matrix.items()
        for category in duty.issue_categories
    }
    routed.update(policy.category_routing)
    order = list(ISSUE_CATEGORY_LABELS)

    def text(category: str) -> str:
        department = routed[category]
        handler = "项目所属行业牵头部门" if department == SECTOR_LEAD else names(department)
        return f"{ISSUE_CATEGORY_LABELS.get(category, category)}（{handler}）"

    ranked = sorted(routed, key=lambda c: (order.index(c) if c in order else len(order), c))
    return [(category, text(category)) for category in ranked]


async def project_names(api: Api, session: Session) -> dict[str, str]:
    """Names of the projects this person may read (departments read none)."""
    try:
        projects = await api.get(session, "registry", "/v1/projects", {"limit": 5000})
    except UpstreamError as error:
        if error.status != 403:
            raise
        return {}
    return {str(p["id"]): str(p["name"]) for p in projects}


async def project_of(api: Api, session: Session, project_id: object) -> dict[str, Any] | None:
    if not project_id:
        return None
    try:
        project: dict[str, Any] = await api.get(session, "registry", f"/v1/projects/{project_id}")
    except UpstreamError as error:
        if error.status not in (403, 404):
            raise
        return None
    return project


async def project_learned(request: Request, api: Api, session: Session, project_id: str) -> bool:
    """Wait (bounded) until the issues service has learned a just-registered project.

    The issues service learns projects from the registry's events, so a project
    registered a moment ago may not be known there yet."""
    wait_s: float = request.app.state.settings.consistency_wait_s
    deadline, delay = time.monotonic() + wait_s, 0.05
    path = f"/v1/known-projects/{quote(project_id, safe='')}"
    while True:
        try:
            await api.get(session, "issues", path)
            return True
        except UpstreamError as error:
            if error.status != 404 or time.monotonic() >= deadline:
                return False
        await asyncio.sleep(delay)
        delay = min(delay * 2, 0.25)


def today() -> date:
    return SystemClock().today()


async def detail_context(
    request: Request, api: Api, session: Session, issue_id: UUID
) -> dict[str, Any]:
    """Everything the issue page shows, and the forms this person may use on it now."""
    issue = await api.get(session, "issues", f"/v1/issues/{issue_id}")
    org = await org_names(request, api, session)
    names = unit_namer(org)
    day = today()
    calendar = working_days(request)
    deadline = date.fromisoformat(issue["deadline"])
    notice = calendar.working_days_between(day, deadline).count
    role, unit = session.role.value, session.unit
    policy = issues_policy(request)
    actions = offered_actions(issue, role, unit, notice, policy.extension_min_notice_working_days)
    return {
        "issue": issue,
        "project": await project_of(api, session, issue.get("project_id")),
        "unit_name": names,
        "left": time_left(issue, day, calendar),
        "today": day,
        "actions": actions,
        "grants_at_once": extension_grants_at_once(issue, role, unit),
        "history": history_lines(issue["history"], names),
        "form_action": "",
        "errors": {},
        "values": {},
    }
