"""Monitoring: monthly warnings, approval SLA flags, the periodic sweep, and issues seen.

Every step is idempotent: a warning is recorded only when the month's lights
change, an SLA flag only once, so sweeping the same date twice records nothing new.
"""

from __future__ import annotations

import calendar as month_calendar
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from eventsourcing.utils import get_topic

from registry.application.base import UnknownObjectError
from registry.application.org import OrgCommands
from registry.domain import IssueWatch, Project
from registry.domain.approvals import sla_status, total_used
from registry.domain.progress import year_to_date
from registry.domain.stages import UNDER_WAY
from registry.domain.warnings import (
    Warning,
    WarningThresholds,
    investment_light,
    start_light,
)
from servicekit.core.context import CommandContext, command_method


@dataclass(frozen=True)
class SweepReport:
    as_of: date
    month: str
    projects_checked: int
    warnings_changed: int
    sla_flags_raised: int
    # Projects skipped because handling them failed: {"id", "error"} (logged, counted).
    failed: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        skipped = f", {len(self.failed)} skipped (see log)" if self.failed else ""
        return (
            f"{self.as_of}: {self.projects_checked} projects, "
            f"{self.warnings_changed} warnings changed, {self.sla_flags_raised} SLA flags{skipped}"
        )


def end_of_month(month: str) -> date:
    year, number = int(month[:4]), int(month[5:7])
    return date(year, number, month_calendar.monthrange(year, number)[1])


class MonitoringCommands(OrgCommands):
    def thresholds(self) -> WarningThresholds:
        policy = self.rules.warnings
        return WarningThresholds(
            policy.start_red_after_months,
            policy.investment_yellow_behind_pp,
            policy.investment_red_behind_pp,
        )

    def warning_for(self, project: Project, month: str) -> Warning:
        """The month's lights from the project's history as it stands (domain.md §7)."""
        thresholds = self.thresholds()
        under_way = project.stage_at_end_of(end_of_month(month)) in UNDER_WAY
        return Warning(
            month,
            start_light(month, project.planned_start, under_way, thresholds),
            investment_light(
                month,
                year_to_date(project.reports, month),
                project.annual_planned_investment,
                thresholds,
            ),
        )

    def evaluate_warning(self, project: Project, month: str) -> bool:
        """Record the month's lights if they changed; only months of the list year count."""
        if int(month[:4]) != project.year:
            return False
        return project.set_warning(self.warning_for(project, month))

    def approval_used(self, project: Project, as_of: date) -> int:
        return total_used(project.approvals, self.count_working_days, as_of)

    def check_approval_sla(self, project: Project, as_of: date) -> int:
        """Raise ApprovalSlaAtRisk / ApprovalSlaBreached once each; returns flags raised."""
        limit = self.rules.approval_sla_working_days
        used = self.approval_used(project, as_of)
        status = sla_status(used, limit, self.rules.approval_sla_at_risk_ratio)
        raised = 0
        if status == "breached":
            raised += project.flag_sla("at_risk", used, limit, as_of)
        raised += project.flag_sla(status, used, limit, as_of)
        return raised

    def project_ids(self) -> list[str]:
        """Every registered project, from the registry's own log."""
        topic = get_topic(Project.Registered)
        ids: list[str] = []
        start = 0
        while True:
            batch = self.recorder.select_notifications(
                start=start, limit=1000, topics=[topic], inclusive_of_start=False
            )
            ids.extend(str(n.originator_id) for n in batch)
            if len(batch) < 1000:
                return ids
            start = batch[-1].id

    @command_method
    def sweep(self, ctx: CommandContext, as_of: date) -> SweepReport:
        """Approval clocks and the month's warnings as of ``as_of`` (idempotent)."""
        month = f"{as_of.year:04d}-{as_of.month:02d}"
        changed = raised = 0
        ids = self.project_ids()
        failures = self.sweep_failures("registry-sweep")
        for project_id in ids:
            with failures.isolated(project_id):
                project = self.get_project(UUID(project_id))
                changed += self.evaluate_warning(project, month)
                if project.approvals:
                    raised += self.check_approval_sla(project, as_of)
                self.save(project)
        return SweepReport(as_of, month, len(ids), changed, raised, failures.failed)

    @command_method
    def observe_issue(
        self,
        ctx: CommandContext,
        *,
        issue_id: str,
        project_id: str | None,
        level: str | None,
        open: bool,
    ) -> IssueWatch | None:
        """Remember an issue's level and openness (for sponsorship candidates)."""
        watch = self._find_watch(issue_id)
        if watch is not None:
            watch.update(level, open)
            return watch
        if project_id is None or level is None:
            return None
        return IssueWatch(issue_id=issue_id, project_id=project_id, level=level, open=open)

    def _find_watch(self, issue_id: str) -> IssueWatch | None:
        try:
            return self._get(IssueWatch.create_id(issue_id), IssueWatch, issue_id)
        except UnknownObjectError:
            return None
