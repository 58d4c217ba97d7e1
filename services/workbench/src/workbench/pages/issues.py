"""问题清单: the board of issues by level of the ladder, and one issue's page.

The board has a column per level (县级 → 市直部门 → 分指挥部 → 总指挥部 → 市领导);
each card counts the working days left to its deadline on the statutory calendar.
Whatever the filters, the issues service decides what this person may see.
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from contracts.access import may
from contracts.labels import LEVEL_LABELS, STATUS_LABELS
from workbench.org import org_names
from workbench.pages import issue_forms
from workbench.pages.issue_data import (
    detail_context,
    project_names,
    today,
    unit_namer,
)
from workbench.pages.issue_rules import LADDER, time_left
from workbench.sessions import Session
from workbench.upstream import Api
from workbench.web import ApiDep, SessionDep, render, working_days

router = APIRouter(tags=["issues"])
# /issues/new must be matched before /issues/{issue_id}.
router.include_router(issue_forms.router)

CLOSED = "closed"
SUPERVISED_CHOICES = {"yes": True, "no": False}


@router.get("/issues", response_class=HTMLResponse, summary="问题清单")
async def board(
    request: Request,
    session: SessionDep,
    api: ApiDep,
    status: Annotated[str, Query(max_length=20)] = "",
    county: Annotated[str, Query(max_length=64)] = "",
    supervised: Annotated[str, Query(max_length=5)] = "",
    closed: Annotated[str, Query(max_length=5)] = "",
    highlight: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    chosen_status = status if status in STATUS_LABELS else ""
    include_closed = bool(closed) or chosen_status == CLOSED
    params: dict[str, Any] = {
        "status": chosen_status,
        "county": county,
        "supervised": SUPERVISED_CHOICES.get(supervised),
        "limit": 5000,
    }
    issues, projects, org = await asyncio.gather(
        _issues(api, session, params),
        project_names(api, session),
        org_names(request, api, session),
    )
    if not include_closed:
        issues = [i for i in issues if i["status"] != CLOSED]
    names = unit_namer(org)
    day, calendar = today(), working_days(request)
    columns: list[dict[str, Any]] = []
    for level in LADDER:
        cards = [
            {
                "issue": issue,
                "project": projects.get(str(issue.get("project_id"))),
                "left": time_left(issue, day, calendar),
            }
            for issue in issues
            if issue["level"] == level
        ]
        cards.sort(key=_urgency)
        columns.append({"level": level, "title": LEVEL_LABELS[level], "cards": cards})
    role = session.role.value
    context = {
        "columns": columns,
        "total": len(issues),
        "overdue": sum(1 for c in columns for card in c["cards"] if card["left"].overdue),
        "today": day,
        "filters": {
            "status": chosen_status,
            "county": county,
            "supervised": supervised if supervised in SUPERVISED_CHOICES else "",
            "closed": bool(closed),
        },
        "counties": org.of_kind("counties"),
        "show_county_filter": role not in ("county", "project_unit"),
        "highlight": highlight,
        "unit_name": names,
        "may_raise": may(role, "issues", "POST", "/v1/issues"),
    }
    return render(request, "issues/board.html", context)


async def _issues(api: Api, session: Session, params: dict[str, Any]) -> list[dict[str, Any]]:
    """The list; right after raising, it includes the new issue (the Api sends the
    person's KPD-Min-Position, workbench.consistency)."""
    rows: list[dict[str, Any]] = await api.get(session, "issues", "/v1/issues", params)
    return rows


def _urgency(card: dict[str, Any]) -> tuple[int, int, str]:
    """Running clocks first, fewest working days left (most overdue) first."""
    left = card["left"]
    return (0 if left.running else 1, left.working_days, str(card["issue"]["deadline"]))


@router.get("/issues/{issue_id}", response_class=HTMLResponse, summary="问题详情")
async def issue_page(
    request: Request, issue_id: UUID, session: SessionDep, api: ApiDep
) -> HTMLResponse:
    context = await detail_context(request, api, session, issue_id)
    return render(request, "issues/detail.html", context)
