"""Learning what other services published: organisation, issues, projects, notices."""

from __future__ import annotations

from datetime import date
from typing import Any

from scheduling.application.base import SchedulingBase
from scheduling.domain import LatestNotice, Organisation, WatchedIssue, WatchedProject


class WatchCommands(SchedulingBase):
    def learn_unit(
        self, unit_id: str, kind: str, name: str, attributes: dict[str, Any], effective_on: date
    ) -> Organisation | None:
        """Remember an org unit (None when already known: redelivery changes nothing)."""
        org = self.organisation()
        if unit_id in org.units:
            return None
        org.learn(unit_id, kind, name, attributes, effective_on)
        return org

    def learn_change(
        self, unit_id: str, change: str, value: str, effective_on: date
    ) -> Organisation | None:
        org = self.organisation()
        unit = org.units.get(unit_id)
        if unit is None or (effective_on, change, value) in unit.changes:
            return None
        org.change(unit_id, change, value, effective_on)
        return org

    def issue_seen(self, issue_id: str, **facts: Any) -> WatchedIssue | None:
        if self.find(WatchedIssue, WatchedIssue.create_id(issue_id)) is not None:
            return None
        return WatchedIssue(issue_id=issue_id, **facts)

    def issue_changed(self, issue_id: str, **changes: Any) -> WatchedIssue | None:
        issue = self.find(WatchedIssue, WatchedIssue.create_id(issue_id))
        if issue is None:
            return None
        changed = {k: v for k, v in changes.items() if getattr(issue, k) != v}
        if not changed:
            return None
        issue.update(changed)
        return issue

    def project_seen(self, project_id: str, **facts: Any) -> WatchedProject | None:
        if self.find(WatchedProject, WatchedProject.create_id(project_id)) is not None:
            return None
        return WatchedProject(project_id=project_id, **facts)

    def project_warning(
        self, project_id: str, month: str, overall: str, investment_light: str
    ) -> WatchedProject | None:
        project = self.find(WatchedProject, WatchedProject.create_id(project_id))
        if project is None:
            return None
        project.change_warning(month, overall, investment_light)
        return project

    def notice_published(self, month: str, flagged: dict[str, str]) -> LatestNotice | None:
        notice = self.find(LatestNotice, LatestNotice.create_id()) or LatestNotice()
        if notice.month is not None and notice.month > month:
            return None  # a correction of an older month does not replace the latest
        notice.publish(month, flagged)
        return notice
