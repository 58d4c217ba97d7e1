"""Why a command on an issue is refused: bad input (422), not now (409), not you (403)."""

from __future__ import annotations


class InvalidIssueInputError(Exception):
    """The command's input cannot be accepted; ``field`` names the offending field."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class IllegalTransitionError(Exception):
    """The issue's state does not allow this command now (the message says why)."""


class NotPermittedError(Exception):
    """The actor is not the side this command belongs to (assignee, project unit, level above)."""


_DOING_EN = {
    "报告进展": "report progress on",
    "办结": "resolve",
    "回访": "follow up",
    "确认满意度": "confirm",
    "升级": "escalate",
    "申请延期": "request an extension for",
    "延期": "extend",
    "评价督办事项": "rate",
}


def doing_en(doing: str) -> str:
    return _DOING_EN.get(doing, doing)
