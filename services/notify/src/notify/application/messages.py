"""Message texts: Chinese templates (Jinja2, ``notify/templates``), one per kind of fact.

A template's first line is the subject; the rest is the body. Templates are
plain text: the same words go to a mailbox, a group robot and the inbox.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined

LEVEL_NAMES = {
    "county": "县级",
    "department": "市直部门",
    "subcommand": "分指挥部",
    "hq": "总指挥部",
    "city_leadership": "市领导",
}
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]


class MessageWriter:
    """Renders a kind's template with the facts of one notification."""

    def __init__(self) -> None:
        # StrictUndefined: a fact a template needs and the caller lacks is a bug, not a blank.
        self._env = Environment(
            loader=PackageLoader("notify", "templates"),
            undefined=StrictUndefined,
            autoescape=False,  # noqa: S701 - plain text for mail and robots, never HTML
            keep_trailing_newline=False,
            trim_blocks=True,
        )

    def render(self, kind: str, facts: dict[str, Any]) -> tuple[str, str]:
        text = self._env.get_template(f"{kind}.txt.j2").render(**facts).strip()
        subject, _, body = text.partition("\n")
        return subject.strip(), body.strip()
