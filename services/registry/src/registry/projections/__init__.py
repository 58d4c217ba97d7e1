"""Registry read models, fed from the registry's own event log."""

from registry.projections.approvals import ApprovalsProjection
from registry.projections.projects import ProjectsProjection
from registry.projections.tables import (
    ApprovalStepRow,
    ApprovalSuspensionRow,
    IssueWatchRow,
    ProgressRow,
    ProjectRow,
    WarningRow,
)

__all__ = [
    "ApprovalStepRow",
    "ApprovalSuspensionRow",
    "ApprovalsProjection",
    "IssueWatchRow",
    "ProgressRow",
    "ProjectRow",
    "ProjectsProjection",
    "WarningRow",
]
