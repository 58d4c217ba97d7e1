"""Who is told: the recipients a policy names for a fact, and whose inbox a person reads.

Recipients are units, named as the issues service names assignees: a county,
a department or a sub-command by its id, and the levels above by name (``hq``
for the HQ office and commander, ``city_leadership``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

# Roles whose inbox is their own unit's (the token's ``unit``).
UNIT_ROLES = frozenset({"county", "department", "project_unit", "subcommand_commander", "leader"})
# The HQ office answers for ``hq`` items and reads what is sent to the office;
# the commander answers for ``hq`` and ``city_leadership`` items.
ROLE_INBOXES: Mapping[str, frozenset[str]] = {
    "office": frozenset({"hq", "office"}),
    "commander": frozenset({"hq", "city_leadership", "headquarters"}),
}


def inbox_addresses(role: str, unit: str | None) -> frozenset[str]:
    """The recipients whose notifications a person with ``role`` (and ``unit``) reads."""
    if role in UNIT_ROLES:
        return frozenset({unit}) if unit else frozenset()
    return ROLE_INBOXES.get(role, frozenset())


def recipients(tokens: Iterable[str], facts: Mapping[str, str | None]) -> list[str]:
    """The units a policy's ``tokens`` name for one fact, each once, in policy order.

    A token is a role in the fact (``assignee``, ``previous_assignee``, ``county``,
    ``host``) or a unit id told every time (``office``); a role the fact does not
    have (an issue with no county) names nobody.
    """
    told: list[str] = []
    for token in tokens:
        unit = facts.get(token) if token in facts or token in FACT_ROLES else token
        if unit and unit not in told:
            told.append(unit)
    return told


FACT_ROLES = frozenset({"assignee", "previous_assignee", "county", "host"})
