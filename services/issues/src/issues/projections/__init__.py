"""The issues service's read models."""

from issues.projections.issues import IssueRow, IssuesProjection

__all__ = ["IssueRow", "IssuesProjection"]
