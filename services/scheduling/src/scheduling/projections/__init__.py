"""The scheduling read models."""

from scheduling.projections.main_projection import SchedulingProjection
from scheduling.projections.tables import IssueRow, MeetingRow, NoticeRow, ProjectRow

__all__ = ["IssueRow", "MeetingRow", "NoticeRow", "ProjectRow", "SchedulingProjection"]
