"""「我的工作」's rules: what is late, what is due soon, what waits for this person.

Deadlines count working days on the one shared statutory calendar
(``servicekit.calendar.WorkingDayCalendar``), as the issues service does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from contracts.access import may
from servicekit.calendar import WorkingDayCalendar

# The deadline still runs for these; resolved issues wait for the follow-up visit.
UNRESOLVED = frozenset({"assigned", "in_progress", "reopened"})
DUE_SOON_WORKING_DAYS = 2
# Whose action an issue waits for, by status: the answering side works on it and
# visits back; the project unit alone confirms (清零销号).
ANSWERER_STEPS = {
    "assigned": "待办理",
    "in_progress": "办理中",
    "reopened": "重新办理",
    "resolved": "待回访",
}
PROJECT_UNIT_STEPS = {"follow_up": "待确认销号"}
# The assignee id of the levels answered by HQ (see the issues service's ladder).
HQ_ASSIGNEES = {"office": ("hq",), "commander": ("hq", "city_leadership")}
ANSWERING_ROLES = frozenset({"county", "department", "subcommand_commander"})


@dataclass(frozen=True)
class Deadline:
    issue: dict[str, Any]
    overdue: bool
    working_days: int  # overdue by, or left until the deadline


def deadlines(
    issues: Sequence[dict[str, Any]], today: date, calendar: WorkingDayCalendar
) -> tuple[list[Deadline], list[Deadline]]:
    """(overdue, due within two working days) among unresolved issues, most urgent first."""
    overdue, due_soon = [], []
    for issue in issues:
        if issue["status"] not in UNRESOLVED:
            continue
        deadline = date.fromisoformat(issue["deadline"])
        if deadline < today:
            late = calendar.working_days_between(deadline, today).count
            overdue.append(Deadline(issue, True, late))
            continue
        left = calendar.working_days_between(today, deadline).count
        if left <= DUE_SOON_WORKING_DAYS:
            due_soon.append(Deadline(issue, False, left))
    overdue.sort(key=lambda d: (-d.working_days, d.issue["deadline"]))
    due_soon.sort(key=lambda d: (d.working_days, d.issue["deadline"]))
    return overdue, due_soon


def awaiting(
    issues: Sequence[dict[str, Any]], role: str, unit: str | None
) -> list[tuple[dict[str, Any], str]]:
    """Issues waiting for this person's side, each with the step it waits for."""
    if role == "project_unit":
        steps = PROJECT_UNIT_STEPS
        return [(i, steps[i["status"]]) for i in issues if i["status"] in steps]
    if role in ANSWERING_ROLES:
        mine: tuple[str, ...] = (unit,) if unit else ()
    else:
        mine = HQ_ASSIGNEES.get(role, ())
    return [
        (i, ANSWERER_STEPS[i["status"]])
        for i in issues
        if i["assignee"] in mine and i["status"] in ANSWERER_STEPS
    ]


def report_months(today: date) -> list[str]:
    """This year's months up to the current one (and December before, in January)."""
    months = [f"{today.year}-{m:02d}" for m in range(1, today.month + 1)]
    return [f"{today.year - 1}-12", *months] if today.month == 1 else months


def meeting_is_mine(meeting: dict[str, Any], role: str, unit: str | None) -> bool:
    """A county or sub-command sees its own meetings and the city-wide ones."""
    if meeting.get("status") == "cancelled":
        return False
    citywide = not meeting.get("county") and not meeting.get("subcommand")
    if role == "county":
        return citywide or meeting.get("county") == unit
    if role == "subcommand_commander":
        return citywide or meeting.get("subcommand") == unit
    return True


@dataclass(frozen=True)
class QuickLink:
    text: str
    href: str
    service: str
    method: str
    path: str


# Each link is offered only when the role may call the API route behind the form.
QUICK_LINKS = (
    QuickLink("登记项目", "/projects/new", "registry", "POST", "/v1/projects"),
    QuickLink("填报月度进度", "/projects", "registry", "POST", "/v1/projects/{project_id}/reports"),
    QuickLink("提出问题", "/issues/new", "issues", "POST", "/v1/issues"),
    QuickLink(
        "报送县级调度会议报告",
        "/meetings/county-reports",
        "scheduling",
        "POST",
        "/v1/county-reports",
    ),
    QuickLink("召开临时会议", "/meetings/new", "scheduling", "POST", "/v1/meetings"),
    QuickLink("审计校验", "/audit", "registry", "GET", "/v1/audit/verify"),
)


def quick_links(role: str) -> list[QuickLink]:
    return [link for link in QUICK_LINKS if may(role, link.service, link.method, link.path)]
