"""Issues application: one method per command or query, split by subject."""

from issues.application.base import IssuesBase, UnknownIssueError
from issues.application.learning import LearningCommands
from issues.application.raising import RaisingCommands
from issues.application.supervision import SupervisionCommands, SweepReport


class Issues(SupervisionCommands, RaisingCommands, LearningCommands):
    """The issues service: problem list, escalation ladder, 13710 supervision."""

    name = "issues"


__all__ = ["Issues", "IssuesBase", "SweepReport", "UnknownIssueError"]
