"""An issue's history as a person reads it: who (role and unit), when, and what, in Chinese.

The service's ``history`` lists every stored event with its own fields; only the
fields each event type is about are read here, so store bookkeeping never shows.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from contracts.labels import (
    EVENT_LABELS,
    LEVEL_LABELS,
    ROLE_LABELS,
    SUPERVISION_LIMIT_LABELS,
    SUPERVISION_REASON_LABELS,
    label,
)
from servicekit.core.clock import BUSINESS_TZ

Names = Callable[[object], str]
AUTOMATIC_ESCALATION = "deadline_missed"


@dataclass(frozen=True)
class HistoryLine:
    event: str
    title: str
    description: str
    who: str
    on: str  # the business date the event is about
    recorded: str  # when it was stored, business time


def history_lines(history: list[dict[str, Any]], names: Names) -> list[HistoryLine]:
    """Oldest first, as the service keeps them."""
    return [_line(entry, names) for entry in history]


def _line(entry: dict[str, Any], names: Names) -> HistoryLine:
    event = str(entry.get("event", ""))
    data: dict[str, Any] = entry.get("data") or {}
    describe = _DESCRIPTIONS.get(event)
    recorded = _business_time(str(entry.get("at", "")))
    return HistoryLine(
        event=event,
        title=EVENT_LABELS.get(event, "办理记录"),
        description=describe(data, names) if describe else "",
        who=_who(entry, names),
        on=str(data.get("on") or data.get("raised_on") or recorded[:10]),
        recorded=recorded,
    )


def _who(entry: dict[str, Any], names: Names) -> str:
    role = entry.get("role")
    if not role or role not in ROLE_LABELS:
        return "系统自动"
    unit = entry.get("unit")
    return f"{ROLE_LABELS[role]} · {names(unit)}" if unit else ROLE_LABELS[role]


def _business_time(text: str) -> str:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is not None:
        moment = moment.astimezone(BUSINESS_TZ)
    return moment.strftime("%Y-%m-%d %H:%M")


def _with(text: str, extra: object, prefix: str = "：") -> str:
    return f"{text}{prefix}{extra}" if extra else text


def _raised(data: dict[str, Any], names: Names) -> str:
    level = label(LEVEL_LABELS, data.get("level"))
    text = f"交{level}办理，承办：{names(data.get('assignee'))}，期限 {data.get('deadline')}"
    if data.get("responsible_department"):
        text += f"；责任部门：{names(data['responsible_department'])}"
    return _with(text, data.get("start_reason"), "；从高一级开始的理由：")


def _escalated(data: dict[str, Any], names: Names) -> str:
    moved = (
        f"由{label(LEVEL_LABELS, data.get('from_level'))}升至"
        f"{label(LEVEL_LABELS, data.get('to_level'))}，承办：{names(data.get('assignee'))}，"
        f"新期限 {data.get('deadline')}"
    )
    if data.get("automatic") or data.get("reason") == AUTOMATIC_ESCALATION:
        return moved + "；逾期未解决，自动升级"
    return _with(moved, data.get("reason"), "；理由：")


_DESCRIPTIONS: dict[str, Callable[[dict[str, Any], Names], str]] = {
    "Raised": _raised,
    "Progressed": lambda d, _: _with(
        "报告实质性进展" if d.get("substantive") else "报告办理进展", d.get("note")
    ),
    "Resolved": lambda d, _: _with(
        "承办方办结" + ("（按期）" if d.get("on_time") else "（超过期限）"), d.get("resolution")
    ),
    "FollowedUp": lambda d, _: _with(
        "回访项目单位" + ("（超过回访时限）" if d.get("late") else ""), d.get("note")
    ),
    "Closed": lambda d, _: _with("项目单位确认满意，清零销号", d.get("comment")),
    "Reopened": lambda d, _: _with(
        f"项目单位不满意，重新办理，新期限 {d.get('deadline')}", d.get("comment")
    ),
    "Escalated": _escalated,
    "ExtensionRequested": lambda d, _: _with(
        f"申请延期 {d.get('working_days')} 个工作日", d.get("reason"), "，理由："
    ),
    "ExtensionGranted": lambda d, _: _with(
        f"延期 {d.get('working_days')} 个工作日，新期限 {d.get('deadline')}", d.get("comment")
    ),
    "ExtensionRefused": lambda d, _: _with("不同意延期", d.get("comment")),
    "DeadlineRecomputed": lambda d, _: (
        f"节假日安排载入后重算期限：{d.get('previous_deadline')} → {d.get('deadline')}"
        + ("（仍为暂定）" if d.get("fallback_years") else "")
    ),
    "Supervised": lambda d, _: (
        f"纳入13710督办：{label(SUPERVISION_REASON_LABELS, d.get('reason'))}"
        + ("（重大复杂事项）" if d.get("major") else "")
    ),
    "SupervisionLimitMissed": lambda d, _: (
        f"未达督办时限：{label(SUPERVISION_LIMIT_LABELS, d.get('limit'))}（应于 {d.get('due')}）"
    ),
    "SupervisionRated": lambda d, _: f"督办事项评价：{d.get('rating')}",
    "CounterpartRecorded": lambda d, names: _with(
        f"{names(d.get('department'))}对接省直机关：{d.get('counterpart')}", d.get("note")
    ),
}
