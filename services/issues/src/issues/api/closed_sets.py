"""The issues service's closed sets in its OpenAPI document (servicekit.web.openapi_sets).

Categories are the duty matrix of the policy file (each routed to its department);
sources, supervision reasons, limits and ratings are the domain's own tables.
"""

from __future__ import annotations

from typing import Any

from contracts.labels import (
    ISSUE_CATEGORY_LABELS,
    ISSUE_SOURCE_LABELS,
    SUPERVISION_LIMIT_LABELS,
    SUPERVISION_REASON_LABELS,
    label,
)
from issues.application import Issues
from issues.domain.values import RATINGS
from servicekit.web.openapi_sets import ROLES, ClosedSet

FIXED_SETS = {
    "IssueOut.source": ClosedSet.of(ISSUE_SOURCE_LABELS),
    "HistoryEntry.role": ROLES,
    "SupervisionOut.reason": ClosedSet.of(SUPERVISION_REASON_LABELS),
    "SupervisionOut.missed": ClosedSet.of(SUPERVISION_LIMIT_LABELS),
    "SupervisionOut.rating": ClosedSet.of(RATINGS),
}


def live_sets(app: Any) -> dict[str, ClosedSet]:
    """The categories the duty matrix routes (policy file and learned departments)."""
    if not isinstance(app, Issues):
        return {}
    categories = ClosedSet.of(
        {c: label(ISSUE_CATEGORY_LABELS, c) for c in app.categories(app.directory())}
    )
    fields = ("RaiseIn.category", "IssueOut.category", "IssueSummary.category")
    return dict.fromkeys(fields, categories)
