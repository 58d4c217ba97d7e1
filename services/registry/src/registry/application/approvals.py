"""Fast-track approval commands: steps submitted/granted, statutory suspensions, the clock."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from registry.application.monitoring import MonitoringCommands
from registry.domain import Project, RegistryError
from registry.domain.approvals import sla_status, total_used, with_step
from servicekit.core.context import CommandContext, command_method


@dataclass(frozen=True)
class StepUsage:
    step: str
    submitted_on: date
    granted_on: date | None
    working_days_used: int
    suspended: bool


@dataclass(frozen=True)
class ApprovalReport:
    """The clock as of a date: used and remaining working days, status, and each step."""

    project: Project
    as_of: date
    working_days_used: int
    limit: int
    status: str
    calendar_source: str
    steps: list[StepUsage]

    @property
    def remaining(self) -> int:
        return max(self.limit - self.working_days_used, 0)


class ApprovalCommands(MonitoringCommands):
    def approval_report(self, project: Project, as_of: date) -> ApprovalReport:
        """Where the project's approval clock stands on ``as_of``."""
        limit = self.rules.approval_sla_working_days
        steps = [
            StepUsage(
                step.step,
                step.submitted_on,
                step.granted_on,
                step.working_days_used(self.count_working_days, as_of),
                step.open_suspension() is not None,
            )
            for step in project.approvals.values()
        ]
        used = sum(s.working_days_used for s in steps)
        first = min((s.submitted_on for s in steps), default=as_of)
        last = max([as_of, *(s.granted_on for s in steps if s.granted_on)])
        source = self.calendar.working_days_between(first, last).source
        status = sla_status(used, limit, self.rules.approval_sla_at_risk_ratio)
        return ApprovalReport(project, as_of, used, limit, status, source, steps)

    @command_method
    def record_approval_step(
        self,
        ctx: CommandContext,
        project_id: UUID,
        *,
        step: str,
        submitted_on: date,
        granted_on: date | None,
    ) -> ApprovalReport:
        """A step was submitted (and perhaps granted); flags the SLA when the clock says so."""
        names = self.rules.step_names
        if step not in names:
            allowed = "、".join(f"{sid}（{name}）" for sid, name in names.items())
            raise RegistryError(f"未知审批环节 {step}(可选:{allowed})/ unknown step", "step")
        project = self.get_project(project_id)
        project.check_approval_step(step, submitted_on, granted_on)
        as_of = granted_on or max(submitted_on, self.clock.today())
        after = with_step(project.approvals, step, submitted_on, granted_on)
        used = total_used(after, self.count_working_days, as_of)
        limit = self.rules.approval_sla_working_days
        project.record_approval_step(project.county, step, submitted_on, granted_on, used, limit)
        self.check_approval_sla(project, as_of)
        self.save(project)
        return self.approval_report(project, as_of)

    @command_method
    def suspend_approval(
        self, ctx: CommandContext, project_id: UUID, *, step: str, kind: str, on: date
    ) -> ApprovalReport:
        """A statutory suspension (听证 hearing, 专家评审 expert review) stops the clock."""
        if kind not in self.rules.approval_suspension_kinds:
            raise RegistryError(f"不是法定中止情形 / not a statutory suspension: {kind}", "kind")
        project = self.get_project(project_id)
        project.suspend_approval(step, kind, on)
        self.save(project)
        return self.approval_report(project, max(on, self.clock.today()))

    @command_method
    def resume_approval(
        self, ctx: CommandContext, project_id: UUID, *, step: str, on: date
    ) -> ApprovalReport:
        """The suspension ended on ``on``: the clock runs again from the next working day."""
        project = self.get_project(project_id)
        project.resume_approval(step, on)
        self.save(project)
        return self.approval_report(project, max(on, self.clock.today()))
