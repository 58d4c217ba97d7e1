"""Assessment domain (aggregates arrive with the assessment issue). Imports no framework."""

from __future__ import annotations


class AssessmentError(Exception):
    """A command the assessment rules refuse."""
