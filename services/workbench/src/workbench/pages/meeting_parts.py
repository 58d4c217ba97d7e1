"""What a meeting page is built from: who may record minutes, agenda rows, decisions.

Names, never ids: the agenda's items and the decisions carry unit ids, shown here by
their Chinese names. The issue a decision became is found through the issues API
(category ``meeting_decision``, same title and day, the meeting as its source).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi import Request

from contracts.access import may
from workbench.org import OrgNames
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import working_days

HQ_SERIES = ("plenary", "dispatch", "interview")
HQ_LEVELS = ("hq", "city_leadership")
MINUTES_ROUTE = "/v1/meetings/{meeting_id}/minutes"
UNIT_GROUPS = (
    ("counties", "县（市、区）"),
    ("departments", "市直部门"),
    ("subcommands", "分指挥部"),
    ("headquarters", "总指挥部"),
    ("other_units", "其他单位"),
)
# The issues service keeps a decision's first 200 characters as the issue's title.
ISSUE_TITLE_CHARS = 200
_MONTH = re.compile(r"(\d{4})-(\d{2})")


def chinese_part(detail: str) -> str:
    """Service messages read "中文 / English"; pages show the Chinese."""
    return detail.split(" / ")[0].strip() or detail


def refusal_text(exc: UpstreamError) -> str:
    """The line above a refused form: field errors sit by their fields."""
    if exc.field_errors and exc.status == 422:
        return "请按提示修改标出的内容后重新提交。"
    return chinese_part(exc.detail)


def may_record(meeting: dict[str, Any], session: Session) -> bool:
    """The scheduling service's rule (chair's side or the office), so no form it would refuse."""
    role = session.role.value
    if meeting["status"] != "scheduled" or not may(role, "scheduling", "POST", MINUTES_ROUTE):
        return False
    if role == "office":
        return True
    if role == "commander":
        return meeting["series"] in HQ_SERIES or meeting["level"] in HQ_LEVELS
    if meeting["series"] == "interview":
        return False  # the interviewed county is not the chair's side
    if role == "subcommand_commander":
        return session.unit is not None and session.unit == meeting["subcommand"]
    if role == "county":
        return session.unit is not None and session.unit == meeting["county"]
    return False


def agenda_rows(items: list[dict[str, Any]], org: OrgNames) -> list[dict[str, Any]]:
    """Agenda items with names for ids; a notice item says which month's notice."""
    rows = []
    for item in items:
        county = org.name(item["county"]) if item.get("county") else ""
        month = _MONTH.search(str(item.get("text", ""))) if item["kind"] == "county" else None
        rows.append(
            {
                "kind": item["kind"],
                "title": item.get("title") or county,
                "issue_id": item.get("issue_id"),
                "project_id": item.get("project_id"),
                "county": county,
                "reasons": list(item.get("reasons") or []),
                "month": f"{month.group(1)}年{int(month.group(2))}月" if month else "",
            }
        )
    return rows


async def decision_rows(
    request: Request, api: Api, session: Session, meeting: dict[str, Any], org: OrgNames
) -> list[dict[str, Any]]:
    """The minutes' decisions: assignee's name, deadline as a date, the issue it became."""
    held_on = date.fromisoformat(meeting["held_on"])
    calendar = working_days(request)
    issues = await _decision_issues(api, session, meeting)
    rows = []
    for decision in meeting["decisions"]:
        days = decision.get("deadline_working_days")
        rows.append(
            {
                "text": decision["text"],
                "assignee": org.name(decision["assignee"]) if decision.get("assignee") else "",
                "deadline_working_days": days,
                "due": calendar.add_working_days(held_on, int(days)).date if days else None,
                "project_id": decision.get("project_id"),
                "issue": issues.get(str(decision.get("decision_id"))),
                "assigns_work": bool(decision.get("assignee") and days),
            }
        )
    return rows


async def _decision_issues(
    api: Api, session: Session, meeting: dict[str, Any]
) -> dict[str, dict[str, Any]]:
    """decision id → the issue it became, for those the issues service has made so far."""
    wanted = [
        d for d in meeting["decisions"] if d.get("assignee") and d.get("deadline_working_days")
    ]
    if not wanted:
        return {}
    listed: list[dict[str, Any]] = []
    for assignee in sorted({str(d["assignee"]) for d in wanted}):
        try:
            listed += await api.get(
                session, "issues", "/v1/issues", {"assignee": assignee, "limit": 5000}
            )
        except UpstreamError:
            continue  # the minutes still show; only the links to issues are missing
    candidates = [
        i
        for i in listed
        if i["category"] == "meeting_decision" and i["raised_on"] == meeting["held_on"]
    ]
    found: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for decision in wanted:
        title = str(decision["text"])[:ISSUE_TITLE_CHARS]
        for issue in candidates:
            if issue["id"] in used or issue["title"] != title:
                continue
            if await _from_meeting(api, session, issue["id"], meeting["meeting_id"]):
                found[str(decision["decision_id"])] = issue
                used.add(issue["id"])
                break
    return found


async def _from_meeting(api: Api, session: Session, issue_id: str, meeting_id: str) -> bool:
    try:
        issue = await api.get(session, "issues", f"/v1/issues/{issue_id}")
    except UpstreamError:
        return False
    return bool(issue.get("meeting_id") == meeting_id)


def unit_groups(org: OrgNames) -> list[tuple[str, list[tuple[str, str]]]]:
    """Units to choose from (assignee, attendees), grouped by kind, by Chinese name."""
    return [
        (text, [(str(u["id"]), str(u.get("name") or u["id"])) for u in org.of_kind(kind)])
        for kind, text in UNIT_GROUPS
        if org.of_kind(kind)
    ]


async def project_choices(
    api: Api, session: Session, meeting: dict[str, Any], items: list[Any], org: OrgNames
) -> list[tuple[str, str]]:
    """Projects a decision may be about: the meeting's county or sub-command's of its year,
    or (a city-wide meeting) those on its agenda."""
    if not may(session.role.value, "registry", "GET", "/v1/projects"):
        return []
    params: dict[str, Any] = {"year": str(meeting["month"])[:4], "limit": 1000}
    if meeting.get("county"):
        params["county"] = meeting["county"]
    elif meeting.get("subcommand"):
        params["subcommand"] = meeting["subcommand"]
    try:
        projects = await api.get(session, "registry", "/v1/projects", params)
    except UpstreamError:
        return []  # the decision can still be recorded without a project
    if not meeting.get("county") and not meeting.get("subcommand"):
        on_agenda = {item.get("project_id") for item in items}
        projects = [p for p in projects if p["id"] in on_agenda]
    return [(str(p["id"]), f"{p['name']}（{org.name(p['county'])}）") for p in projects]
