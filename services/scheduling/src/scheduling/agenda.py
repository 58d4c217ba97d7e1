"""A meeting's agenda, built from the live state learned from other services' events.

Items: open issues at the meeting's level and scope (sub-command or county),
overdue and supervised issues in that scope, projects with a red or yellow
warning in that scope, and counties flagged by the last monthly notice. When the
meeting is held the agenda is frozen into its minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import Engine, or_, select
from sqlalchemy.orm import Session

from contracts.labels import LEVEL_LABELS, label
from scheduling.domain import Meeting, Organisation
from scheduling.projections import IssueRow, NoticeRow, ProjectRow

HQ_LEVELS = ("hq", "city_leadership")
REASON_TEXT = {"at_level": "本级问题", "overdue": "逾期未办结", "supervised": "13710督办"}
LIGHT_TEXT = {"red": "红灯", "yellow": "黄灯"}
NOTICE_TEXT = {"low": "通报排名靠后", "reminder": "被提醒", "interview": "被约谈"}


def _scope(meeting: Meeting) -> tuple[str | None, str | None]:
    """(sub-command, county) the meeting looks at; (None, None) means the whole city."""
    if meeting.series in ("county", "interview") or meeting.level == "county":
        return None, meeting.county
    if meeting.series == "topical" or meeting.level == "subcommand":
        return meeting.subcommand, None
    return None, None


def unit_names(org: Organisation, day: date) -> Callable[[str | None], str]:
    """A unit id → its Chinese name on ``day`` (a level's name for a level, else the id)."""

    def name(unit_id: str | None) -> str:
        if not unit_id:
            return "未指定"
        unit = org.units.get(unit_id)
        return unit.name_on(day) if unit is not None else label(LEVEL_LABELS, unit_id)

    return name


def build_agenda(
    engine: Engine, meeting: Meeting, today: date, name: Callable[[str | None], str]
) -> list[dict[str, Any]]:
    """The agenda of ``meeting`` as of ``today`` (issue items first, then projects, counties).

    ``text`` is for people: units by their Chinese names (``name``); ids stay in
    the machine fields beside it."""
    subcommand, county = _scope(meeting)
    levels = HQ_LEVELS if meeting.level in HQ_LEVELS else (meeting.level,)
    with Session(engine) as session:
        issues = select(IssueRow).where(IssueRow.status == "open")
        projects = select(ProjectRow).where(ProjectRow.overall.in_(("red", "yellow")))
        if subcommand is not None:
            issues = issues.where(IssueRow.subcommand == subcommand)
            projects = projects.where(ProjectRow.subcommand == subcommand)
        if county is not None:
            issues = issues.where(IssueRow.county == county)
            projects = projects.where(ProjectRow.county == county)
        if meeting.series != "interview":
            issues = issues.where(
                or_(
                    IssueRow.level.in_(levels),
                    IssueRow.deadline < today,
                    IssueRow.supervised.is_(True),
                )
            )
        items = [
            _issue_item(row, levels, today, name)
            for row in session.scalars(issues.order_by(IssueRow.deadline, IssueRow.issue_id))
        ]
        items += [
            {
                "kind": "project",
                "project_id": row.project_id,
                "county": row.county,
                "title": row.name,
                "reasons": [f"warning_{row.overall}"],
                "text": f"{row.name}:{LIGHT_TEXT[row.overall]}预警({row.warning_month})",
            }
            for row in session.scalars(projects.order_by(ProjectRow.overall, ProjectRow.project_id))
        ]
        notice = session.get(NoticeRow, 1)
    if notice is not None and subcommand is None:
        for flagged, why in sorted(notice.flagged.items()):
            if county is None or flagged == county:
                items.append(
                    {
                        "kind": "county",
                        "county": flagged,
                        "reasons": [f"notice_{why}"],
                        "text": f"{name(flagged)}:{notice.month}{NOTICE_TEXT.get(why, why)}",
                    }
                )
    return items


def _issue_item(
    row: IssueRow, levels: tuple[str, ...], today: date, name: Callable[[str | None], str]
) -> dict[str, Any]:
    reasons = [
        reason
        for reason, holds in (
            ("at_level", row.level in levels),
            ("overdue", row.deadline < today),
            ("supervised", row.supervised),
        )
        if holds
    ]
    labels = "、".join(REASON_TEXT[r] for r in reasons)
    return {
        "kind": "issue",
        "issue_id": row.issue_id,
        "project_id": row.project_id,
        "county": row.county,
        "title": row.title,
        "reasons": reasons,
        "assignee": row.assignee,
        "text": f"{row.title}({labels};责任单位 {name(row.assignee)},期限 {row.deadline})",
    }
