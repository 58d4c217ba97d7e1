"""Issues domain: problems blocking projects, the ladder they climb, 13710 supervision.

Imports no framework. Projects and the organisation are learned from registry
events (never by calling the registry), so the service decides alone.
"""

from issues.domain.errors import (
    IllegalTransitionError,
    InvalidIssueInputError,
    NotPermittedError,
)
from issues.domain.issue import Issue
from issues.domain.ladder import LEVELS, Answerer, answerer_for, next_level
from issues.domain.learned import DispatchMeetings, DutyMatrix, KnownProject
from issues.domain.values import OPEN_UNRESOLVED, CountedDeadline, SupervisionState

__all__ = [
    "LEVELS",
    "OPEN_UNRESOLVED",
    "Answerer",
    "CountedDeadline",
    "DispatchMeetings",
    "DutyMatrix",
    "IllegalTransitionError",
    "InvalidIssueInputError",
    "Issue",
    "KnownProject",
    "NotPermittedError",
    "SupervisionState",
    "answerer_for",
    "next_level",
]
