"""Registry read models, fed from the registry's own event log."""

from registry.projections.projects import ProjectRow, ProjectsProjection

__all__ = ["ProjectRow", "ProjectsProjection"]
