"""What each issue form sends: the API body built from the typed values, and the notice.

Values go to the service as typed (checkboxes and yes/no choices become booleans), so
the service's validation names the field when something is missing or wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from contracts.labels import LEVEL_LABELS

YES_NO = {"yes": True, "no": False}
Values = dict[str, str]


def _text(values: Values, name: str) -> str:
    return values.get(name, "").strip()


def _days(values: Values) -> int | str:
    # Digits become a number; anything else goes as typed, for the API to name the field.
    typed = _text(values, "working_days")
    return int(typed) if typed.isdigit() else typed


BODIES: dict[str, Callable[[Values], dict[str, Any]]] = {
    "progress": lambda v: {
        "note": _text(v, "note"),
        "substantive": "substantive" in v,
        "on": v.get("on", ""),
    },
    "resolve": lambda v: {"resolution": _text(v, "resolution"), "on": v.get("on", "")},
    "follow-up": lambda v: {"note": _text(v, "note"), "on": v.get("on", "")},
    "confirm": lambda v: {
        "satisfied": YES_NO.get(v.get("satisfied", "")),
        "comment": _text(v, "comment"),
        "on": v.get("on", ""),
    },
    "escalate": lambda v: {"reason": _text(v, "reason")},
    "extension": lambda v: {"working_days": _days(v), "reason": _text(v, "reason")},
    "extension-decision": lambda v: {
        "granted": YES_NO.get(v.get("granted", "")),
        "comment": _text(v, "comment"),
    },
    "supervise": lambda v: {"major": "major" in v},
    "rating": lambda v: {"rating": v.get("rating", "")},
}


def notice_for(action: str, body: dict[str, Any], issue: dict[str, Any]) -> str:
    deadline = issue["deadline"]
    if action == "confirm":
        if issue["status"] == "closed":
            return "已确认满意，问题清零销号"
        return f"已确认不满意，问题重新办理，新期限 {deadline}"
    if action == "extension":
        if issue.get("pending_extension"):
            return "已申请延期，等待上一级审批"
        return f"已延期，新期限 {deadline}"
    if action == "extension-decision":
        return f"已同意延期，新期限 {deadline}" if body["granted"] else "已不同意延期"
    return {
        "progress": "已报告办理进展",
        "resolve": "已办结，等待回访项目单位",
        "follow-up": "已回访，等待项目单位确认是否满意",
        "escalate": f"已升级至{LEVEL_LABELS.get(issue['level'], '')}，新期限 {deadline}",
        "supervise": "已纳入13710督办",
        "rating": f"已评价督办事项：{body.get('rating', '')}",
    }[action]
