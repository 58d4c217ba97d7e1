"""What every issues command needs: the store, the rule parameters, calendar and clock."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError

from issues.domain import (
    CountedDeadline,
    DispatchMeetings,
    DutyMatrix,
    Issue,
    KnownProject,
    NotPermittedError,
    answerer_for,
    next_level,
)
from issues.domain.ladder import Answerer
from issues.domain.supervision import SupervisionRules
from issues.policy import IssuesPolicy
from servicekit.core.context import CommandContext
from servicekit.runtime.ruled import RuledApplication


class UnknownIssueError(LookupError):
    """No such issue (HTTP 404)."""


class IssuesBase(RuledApplication[IssuesPolicy], rules=IssuesPolicy):
    """The issues service's rules, calendar and clock, and its look-ups."""

    name = "issues"

    # --- lookups ---------------------------------------------------------------

    def _find(self, aggregate_id: UUID) -> Any:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def find_project(self, project_id: str) -> KnownProject | None:
        project = self._find(KnownProject.create_id(project_id))
        return project if isinstance(project, KnownProject) else None

    def get_issue(self, issue_id: UUID) -> Issue:
        issue = self._find(issue_id)
        if not isinstance(issue, Issue):
            raise UnknownIssueError(f"问题不存在 / no issue {issue_id}")
        return issue

    def directory(self) -> DutyMatrix:
        """The attachment's duty matrix and the sub-commands' lead units (policy data)."""
        return DutyMatrix(
            category_departments={
                category: department
                for department, duty in self.rules.duty_matrix.items()
                for category in duty.issue_categories
            },
            counterparts={
                d: duty.provincial_counterparts for d, duty in self.rules.duty_matrix.items()
            },
            lead_units=self.rules.subcommand_lead_units,
        )

    def dispatch_meetings(self) -> DispatchMeetings:
        found = self._find(DispatchMeetings.create_id())
        return found if isinstance(found, DispatchMeetings) else DispatchMeetings()

    # --- rules -----------------------------------------------------------------

    def deadline_after(self, day: date, level: str) -> CountedDeadline:
        """The end of the level's statutory working days after ``day``."""
        per_level: dict[str, int] = {str(k): v for k, v in self.rules.deadline_working_days.items()}
        return self.count_deadline(day, per_level[level])

    def count_deadline(self, start: date, working_days: int) -> CountedDeadline:
        """``working_days`` working days after ``start``, with the years that had to be
        counted Monday–Friday (the basis a later schedule recounts from)."""
        counted = self.calendar.add_working_days(start, working_days)
        return CountedDeadline(counted.date, start, working_days, counted.fallback_years)

    def extended_deadline(self, issue: Issue, working_days: int) -> CountedDeadline:
        """The issue's deadline carried ``working_days`` further, from the same basis."""
        basis = issue.deadline_basis
        if basis is None:  # stored before bases were: count on from the date itself
            return self.count_deadline(issue.deadline, working_days)
        total = basis.working_days + working_days
        counted = self.calendar.add_working_days(basis.counted_from, total)
        return basis.extended(working_days, counted.date, counted.fallback_years)

    def supervision_rules(self) -> SupervisionRules:
        policy = self.rules.supervision
        return SupervisionRules(
            stalled_after_days=policy.stalled_after_days,
            unresolved_dispatch_meetings=policy.unresolved_dispatch_meetings,
            limits_days={str(k): v for k, v in policy.limits_days.items()},
            major_levels=frozenset(policy.major_levels),
        )

    def supervision_days(self, start: date, days: int) -> date:
        """A 13710 limit's due day: calendar or working days, as the policy says."""
        if self.rules.supervision.clock_unit == "working_days":
            return self.calendar.add_working_days(start, days).date
        return start + timedelta(days=days)

    @staticmethod
    def answerer(issue: Issue, level: str | None = None) -> Answerer:
        return answerer_for(
            level or issue.level,
            county=issue.county,
            department=issue.responsible_department,
            subcommand=issue.subcommand,
        )

    def require_answerer(self, ctx: CommandContext, issue: Issue, doing: str) -> None:
        """Only the side the issue is assigned to at its level may do this."""
        side = self.answerer(issue)
        if not side.includes(ctx.actorrole, ctx.actorunit):
            raise NotPermittedError(
                f"只有当前承办方({issue.level}:{side.assignee})可以{doing} / only the "
                f"current assignee ({issue.level}: {side.assignee}) may do this"
            )

    def require_level_above(self, ctx: CommandContext, issue: Issue) -> None:
        """Extensions are granted or refused by the side one level up the ladder."""
        above = next_level(issue.level) or issue.level
        side = self.answerer(issue, above)
        if not side.includes(ctx.actorrole, ctx.actorunit):
            raise NotPermittedError(
                f"延期由上一级({above}:{side.assignee})审批 / extensions are decided by "
                f"the level above ({above}: {side.assignee})"
            )
