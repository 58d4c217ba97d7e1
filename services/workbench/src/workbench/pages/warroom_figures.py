"""作战室的数字: sums and rates over the services' answers, per county and per sub-command.

Pure functions over what the registry and issues lists answered with the person's
token, so the war room shows exactly the projects and issues that token may see.
Amounts stay exact (``Decimal``) and leave as the APIs' 万元 strings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from contracts.labels import LEVEL_LABELS

# 开复工: a project under way or beyond it (completed, operating) has started — the
# same stages the assessment's start rate counts, so the two screens agree.
STARTED_STAGES = frozenset({"started", "resumed", "completed", "operating"})
# Unresolved issues: their working-day deadline still runs (resolved ones wait for
# the follow-up, not for the assignee).
UNRESOLVED = frozenset({"assigned", "in_progress", "reopened"})
ZERO = Decimal("0.0000")
TENTH = Decimal("0.1")


@dataclass(frozen=True)
class ProjectFigures:
    """One project as the war room counts it: where it is, its stage and its money."""

    project_id: str
    county: str
    subcommand: str
    stage: str
    warning: str | None
    planned: Decimal  # annual planned investment, 万元
    completed: Decimal  # completed in the year shown, 万元


def money(value: Decimal) -> str:
    return f"{value:.4f}"


def percent(part: Decimal | int, whole: Decimal | int) -> str | None:
    """``part`` as a percentage of ``whole`` to one decimal; None when nothing to divide by."""
    if not whole:
        return None
    return str((Decimal(part) * 100 / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP))


def units_in_order(
    known: Sequence[dict[str, Any]], seen: Iterable[str], name: Callable[[str], str]
) -> list[tuple[str, str]]:
    """The organisation's units in its own order, limited to those with projects."""
    present = set(seen)
    ordered = [(str(u["id"]), str(u["name"])) for u in known if str(u["id"]) in present]
    listed = {unit for unit, _ in ordered}
    ordered += [(unit, name(unit)) for unit in sorted(present - listed)]
    return ordered


def totals(projects: Sequence[ProjectFigures]) -> dict[str, Any]:
    planned = sum((p.planned for p in projects), ZERO)
    completed = sum((p.completed for p in projects), ZERO)
    started = sum(1 for p in projects if p.stage in STARTED_STAGES)
    return {
        "projects": len(projects),
        "planned": money(planned),
        "completed": money(completed),
        "investment_rate": percent(completed, planned),
        "started": started,
        "start_rate": percent(started, len(projects)),
    }


def figures_by(
    projects: Sequence[ProjectFigures], key: str, units: Sequence[tuple[str, str]]
) -> list[dict[str, Any]]:
    """One row per unit (county or sub-command): investment and 开复工 figures."""
    rows = []
    for unit, name in units:
        mine = [p for p in projects if getattr(p, key) == unit]
        rows.append({"unit": unit, "name": name, **totals(mine)})
    return rows


def light_counts(projects: Sequence[ProjectFigures]) -> dict[str, int]:
    """Red/yellow/green from each project's latest warning; ``none`` not yet assessed."""
    counts = {"red": 0, "yellow": 0, "green": 0, "none": 0}
    for project in projects:
        counts[project.warning if project.warning in counts else "none"] += 1
    return counts


def issue_counts(issues: Sequence[dict[str, Any]], today: date) -> dict[str, Any]:
    """Open issues by level, with how many of them are overdue and under 13710 supervision."""
    open_issues = [i for i in issues if i["status"] != "closed"]
    overdue = [
        i
        for i in open_issues
        if i["status"] in UNRESOLVED and date.fromisoformat(i["deadline"]) < today
    ]
    by_level = []
    for level, level_name in LEVEL_LABELS.items():
        at_level = [i for i in open_issues if i["level"] == level]
        late = sum(1 for i in overdue if i["level"] == level)
        by_level.append(
            {"level": level, "name": level_name, "open": len(at_level), "overdue": late}
        )
    return {
        "open": len(open_issues),
        "overdue": len(overdue),
        "supervised": sum(1 for i in open_issues if i.get("supervised")),
        "closed": len(issues) - len(open_issues),
        "by_level": by_level,
    }
