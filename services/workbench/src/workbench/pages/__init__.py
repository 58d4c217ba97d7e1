"""The workbench's pages, one router per area of the notice's work.

Order matters where paths overlap: fixed paths (``/meetings/county-report``,
``/issues/new``) come before the routers whose ``/{id}`` would take them.
"""

from fastapi import APIRouter

from workbench.pages import (
    audit,
    auth,
    briefs,
    home,
    inbox,
    issues,
    meeting_feeds,
    meeting_forms,
    meetings,
    minutes,
    project_detail,
    project_forms,
    project_imports,
    project_reports,
    project_updates,
    projects,
    rankings,
    units,
    warroom,
)

ROUTERS: list[APIRouter] = [
    auth.router,
    home.router,
    inbox.router,
    warroom.router,
    audit.router,
    meeting_feeds.router,
    meeting_forms.router,
    minutes.router,
    meetings.router,
    rankings.router,
    briefs.router,
    project_imports.router,
    units.router,
    projects.router,
    project_forms.router,
    project_reports.router,
    project_updates.router,
    project_detail.router,
    issues.router,
]
