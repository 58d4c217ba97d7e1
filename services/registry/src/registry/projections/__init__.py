"""Registry read models, fed from the registry's own event log."""

from registry.projections.projects import ProjectsProjection
from registry.projections.tables import IssueWatchRow, ProgressRow, ProjectRow, WarningRow

__all__ = ["IssueWatchRow", "ProgressRow", "ProjectRow", "ProjectsProjection", "WarningRow"]
