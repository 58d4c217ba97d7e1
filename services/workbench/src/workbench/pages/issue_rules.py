"""Which issue commands a person is offered, and how much time an issue has left.

The issues service decides; these rules only keep the page from offering a form the
service will surely refuse. They mirror the service's domain (``issues.domain``:
the ladder's answering side per level, the statuses each command accepts) and the
role table (``contracts.access.may``); object scope is still the service's to check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from contracts.access import may
from servicekit.calendar import WorkingDayCalendar

LADDER = ("county", "department", "subcommand", "hq", "city_leadership")
# The deadline runs for these; a claimed fix stops the level's clock.
OPEN_UNRESOLVED = frozenset({"assigned", "in_progress", "reopened"})
HQ_ROLES = frozenset({"office", "commander"})
DUE_SOON_WORKING_DAYS = 2
# Form name on the page → the issues API route it becomes.
ACTION_ROUTES = {
    "progress": "/v1/issues/{issue_id}/progress",
    "resolve": "/v1/issues/{issue_id}/resolve",
    "follow-up": "/v1/issues/{issue_id}/follow-up",
    "confirm": "/v1/issues/{issue_id}/confirm",
    "escalate": "/v1/issues/{issue_id}/escalate",
    "extension": "/v1/issues/{issue_id}/extension",
    "extension-decision": "/v1/issues/{issue_id}/extension/decision",
    "supervise": "/v1/issues/{issue_id}/supervise",
    "rating": "/v1/issues/{issue_id}/supervision/rating",
}


@dataclass(frozen=True)
class Side:
    """Who answers at a level: these roles, of this unit (None: any unit)."""

    roles: frozenset[str]
    unit: str | None

    def includes(self, role: str, unit: str | None) -> bool:
        return role in self.roles and (self.unit is None or unit == self.unit)


def answering_side(issue: dict[str, Any], level: str | None = None) -> Side:
    """As the service's ladder: county, responsible department, sub-command, else HQ."""
    at = level or issue["level"]
    if at == "county" and issue.get("county"):
        return Side(frozenset({"county"}), issue["county"])
    if at == "department" and issue.get("responsible_department"):
        return Side(frozenset({"department"}), issue["responsible_department"])
    if at == "subcommand" and issue.get("subcommand"):
        return Side(frozenset({"subcommand_commander"}), issue["subcommand"])
    if at == "city_leadership":
        return Side(frozenset({"commander"}), None)
    return Side(HQ_ROLES, None)


def level_above(level: str) -> str:
    index = LADDER.index(level)
    return LADDER[min(index + 1, len(LADDER) - 1)]


def offered_actions(
    issue: dict[str, Any], role: str, unit: str | None, notice_days: int, min_notice: int
) -> set[str]:
    """The forms this person may use on the issue now (role table, side and status)."""
    status = issue["status"]
    answering = answering_side(issue).includes(role, unit)
    above = answering_side(issue, level_above(issue["level"])).includes(role, unit)
    involved = role == "department" and unit == issue.get("responsible_department")
    pending = issue.get("pending_extension") is not None
    supervision = issue.get("supervision")
    if issue.get("project_unit"):
        confirmer = role == "project_unit" and unit == issue["project_unit"]
    else:  # a meeting decision without a project: the assigning HQ confirms
        confirmer = role in HQ_ROLES
    wanted = {
        "progress": status in OPEN_UNRESOLVED and (answering or involved),
        "resolve": status in OPEN_UNRESOLVED and answering,
        "follow-up": status == "resolved" and answering,
        "confirm": status == "follow_up" and confirmer,
        "escalate": status in OPEN_UNRESOLVED and role in HQ_ROLES and issue["level"] != LADDER[-1],
        # Asked by the answering side, or granted at once by the level above, with notice.
        "extension": status in OPEN_UNRESOLVED
        and not pending
        and notice_days >= min_notice
        and (answering or above),
        "extension-decision": status in OPEN_UNRESOLVED and pending and above,
        "supervise": status != "closed" and supervision is None and role in HQ_ROLES,
        "rating": status == "closed"
        and supervision is not None
        and supervision.get("rating") is None
        and role in HQ_ROLES,
    }
    return {
        action
        for action, allowed in wanted.items()
        if allowed and may(role, "issues", "POST", ACTION_ROUTES[action])
    }


def extension_grants_at_once(issue: dict[str, Any], role: str, unit: str | None) -> bool:
    """The level above extends directly; the answering side only asks."""
    return not answering_side(issue).includes(role, unit)


@dataclass(frozen=True)
class TimeLeft:
    """Working days until the deadline (negative: overdue by that many), for open issues."""

    running: bool  # False once the fix is claimed: the level's clock has stopped
    working_days: int
    overdue: bool

    @property
    def due_soon(self) -> bool:
        return self.running and not self.overdue and self.working_days <= DUE_SOON_WORKING_DAYS

    @property
    def text(self) -> str:
        if not self.running:
            return "已办结，期限停止计算"
        if self.overdue:
            late = -self.working_days
            return f"已逾期 {late} 个工作日" if late else "已过期限（非工作日）"
        if self.working_days == 0:
            return "今日到期"
        return f"剩余 {self.working_days} 个工作日"


def time_left(issue: dict[str, Any], today: date, calendar: WorkingDayCalendar) -> TimeLeft:
    deadline = date.fromisoformat(str(issue["deadline"]))
    running = issue["status"] in OPEN_UNRESOLVED
    if deadline < today:
        late = calendar.working_days_between(deadline, today).count
        return TimeLeft(running, -late, running)
    return TimeLeft(running, calendar.working_days_between(today, deadline).count, False)


def chinese(text: str) -> str:
    """The Chinese half of a service's bilingual message ("中文 / English")."""
    head, separator, _ = text.partition(" / ")
    return head if separator and head.strip() else text
