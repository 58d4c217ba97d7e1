"""Assessment domain: facts folded from other services' events, rankings, consequences.

Imports no framework (import-linter enforces it): rule parameters arrive as
arguments, dates and months in commands, "now" from the application's clock.
"""

from __future__ import annotations


class AssessmentError(Exception):
    """A command the assessment rules refuse; ``field`` names the offending input."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class TransitionError(AssessmentError):
    """The command does not fit the document's current state (HTTP 409)."""


class AlreadyPublishedError(TransitionError):
    """The month's document exists; a new version needs a reason."""
