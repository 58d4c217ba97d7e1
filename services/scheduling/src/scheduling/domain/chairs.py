"""Who chairs which meeting, read from the organisation as it stood on the meeting date.

Notice (临政办函〔2024〕13号) 二(二): 总指挥 chairs the quarterly plenary; the
常务副总指挥 (two of them in the seed: 王渊 and 李艳萍) chair the two-monthly dispatch
meeting; 市政府各分管领导 (each sub-command's commander) chair the monthly topical
meeting; 三(二): each county's 党政一把手 leads its own monthly dispatch meeting.
"""

from __future__ import annotations

from datetime import date

from scheduling.domain.errors import SchedulingError
from scheduling.domain.org import KnownUnit, Organisation

HQ_COMMANDER_FALLBACK = "总指挥"


def _hq(org: Organisation) -> KnownUnit:
    hq = org.headquarters()
    if hq is None:
        raise SchedulingError(
            "尚未从登记服务获知总指挥部 / headquarters not yet learned from the registry"
        )
    return hq


def commander_chair(org: Organisation, day: date) -> str:
    """总指挥 on ``day``."""
    return _hq(org).commander_on(day) or HQ_COMMANDER_FALLBACK


def executive_deputies_chair(org: Organisation) -> str:
    """The executive deputy commanders (常务副总指挥), all of them, joined."""
    deputies = _hq(org).attributes.get("executive_deputy_commanders") or []
    if isinstance(deputies, str):
        return deputies
    return "、".join(str(d) for d in deputies) or "常务副总指挥"


def subcommand_chair(unit: KnownUnit, day: date) -> str:
    """The sub-command's commander (指挥长) on ``day``."""
    return unit.commander_on(day) or f"{unit.name_on(day)}指挥长"


def county_chair(unit: KnownUnit, day: date) -> str:
    """The county's 党政主要负责人 (the notice names no person)."""
    return f"{unit.name_on(day)}党政主要负责人"


def interview_chair(org: Organisation, day: date, who: str) -> str:
    """The policy's interview chair: ``commander`` or ``executive_deputy_commanders``."""
    if who == "commander":
        return commander_chair(org, day)
    return executive_deputies_chair(org)
