"""The escalation ladder and who answers at each level (domain spec §5).

county → department → subcommand → hq → city_leadership. At each level one
side answers: the county government (role ``county``, unit = county id), the
responsible city department (``department``, unit = department id), the
sub-command commander (``subcommand_commander``, unit = sub-command id), the HQ
office or commander (``office``/``commander``), the city leadership (``commander``).
"""

from __future__ import annotations

from dataclasses import dataclass

LEVELS: tuple[str, ...] = ("county", "department", "subcommand", "hq", "city_leadership")


@dataclass(frozen=True)
class Answerer:
    """The side answering at a level: the roles admitted and the unit (None = any)."""

    assignee: str
    roles: frozenset[str]
    unit: str | None

    def includes(self, role: str, unit: str | None) -> bool:
        return role in self.roles and (self.unit is None or unit == self.unit)


def next_level(level: str) -> str | None:
    """The level above ``level`` (None at the top of the ladder)."""
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def answerer_for(
    level: str, *, county: str | None, department: str | None, subcommand: str | None
) -> Answerer:
    """Who answers an issue at ``level``; the assignee id is the unit (or the level name)."""
    if level == "county" and county:
        return Answerer(county, frozenset({"county"}), county)
    if level == "department" and department:
        return Answerer(department, frozenset({"department"}), department)
    if level == "subcommand" and subcommand:
        return Answerer(subcommand, frozenset({"subcommand_commander"}), subcommand)
    if level == "city_leadership":
        return Answerer("city_leadership", frozenset({"commander"}), None)
    # hq, and any level whose unit is unknown (e.g. a decision without a project):
    # the HQ office and the commander answer for it.
    return Answerer("hq", frozenset({"office", "commander"}), None)
