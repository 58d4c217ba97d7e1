"""Values of the issue aggregate: open statuses, ratings, the supervision record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date

ISSUE_NAMESPACE = uuid.UUID("6f1d2c9e-3b4a-4e8f-9c70-1a2b3c4d5e6f")
OPEN_UNRESOLVED = frozenset({"assigned", "in_progress", "reopened"})
RATINGS = ("优秀", "良好", "合格", "不合格")


@dataclass
class SupervisionState:
    """13710 supervision of one issue: since when, why, which clock, what was missed."""

    since: date
    reason: str
    major: bool
    missed: list[str] = field(default_factory=list)
    rating: str | None = None
