"""The sweep (provisional deadlines recounted, deadlines → escalation, long-stalled →
13710 supervision, missed limits) and the office's own supervision commands."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from eventsourcing.utils import get_topic

from issues.application.lifecycle import HQ_ROLES, LifecycleCommands
from issues.domain import (
    DispatchMeetings,
    IllegalTransitionError,
    Issue,
    NotPermittedError,
    next_level,
)
from issues.domain.supervision import (
    SupervisionRules,
    entry_reason,
    is_major,
    limit_dues,
    missed_limits,
)
from servicekit.core.context import CommandContext, command_method

DEADLINE_MISSED = "deadline_missed"
PAGE = 1000


@dataclass
class SweepReport:
    """What one sweep did (empty lists when a sweep for the same day runs again)."""

    as_of: date
    # Provisional deadlines counted again because a year's schedule arrived:
    # {"issue_id", "previous_deadline", "deadline"}.
    recomputed: list[dict[str, str]] = field(default_factory=list)
    escalated: list[dict[str, str]] = field(default_factory=list)
    supervised: list[dict[str, str]] = field(default_factory=list)
    supervision_breaches: list[dict[str, str]] = field(default_factory=list)
    # Issues skipped because handling them failed: {"id", "error"} (logged, counted).
    failed: list[dict[str, str]] = field(default_factory=list)

    def summary(self) -> str:
        skipped = f", {len(self.failed)} skipped (see log)" if self.failed else ""
        return (
            f"{self.as_of}: {len(self.recomputed)} deadlines recomputed, "
            f"{len(self.escalated)} escalated, {len(self.supervised)} supervised, "
            f"{len(self.supervision_breaches)} 13710 limits missed{skipped}"
        )


class SupervisionCommands(LifecycleCommands):
    def issue_ids(self) -> Iterator[UUID]:
        """Every issue ever raised, from this service's own log (no read-model lag)."""
        topic = get_topic(Issue.Raised)
        start = 0
        while True:
            page = self.recorder.select_notifications(
                start, PAGE, topics=[topic], inclusive_of_start=False
            )
            for notification in page:
                yield UUID(str(notification.originator_id))
            if len(page) < PAGE:
                return
            start = page[-1].id

    @command_method
    def sweep(self, ctx: CommandContext, as_of: date) -> SweepReport:
        """Escalate issues past their deadline, enter long-stalled ones into supervision,
        record missed 13710 limits. Idempotent for the same ``as_of``.

        Provisional deadlines are counted again first (the office's override file is
        re-read if it changed), so no issue escalates on a date that was only a guess."""
        self.calendar.refresh()
        report = SweepReport(as_of=as_of)
        rules = self.supervision_rules()
        meetings = self.dispatch_meetings()
        failures = self.sweep_failures("issues-sweep")
        for issue_id in self.issue_ids():
            with failures.isolated(issue_id):
                self._sweep_one(issue_id, as_of, rules, meetings, report)
        report.failed = failures.failed
        return report

    def _sweep_one(
        self,
        issue_id: UUID,
        as_of: date,
        rules: SupervisionRules,
        meetings: DispatchMeetings,
        report: SweepReport,
    ) -> None:
        """One issue; the report hears of it only once its events are stored."""
        issue = self.get_issue(issue_id)
        if not issue.is_open or as_of < issue.raised_on:
            return
        done = SweepReport(as_of=as_of)
        self._recount_deadline(issue, as_of, done)
        if issue.overdue_on(as_of) and next_level(issue.level) is not None:
            from_level = issue.level
            self.move_up(issue, DEADLINE_MISSED, as_of, automatic=True)
            done.escalated.append(
                {
                    "issue_id": str(issue.id),
                    "from_level": from_level,
                    "to_level": issue.level,
                    "assignee": issue.assignee,
                    "deadline": issue.deadline.isoformat(),
                }
            )
        held = meetings.held_between(issue.raised_on, as_of)
        reason = entry_reason(issue, as_of, held, rules)
        if reason is not None:
            issue.supervise(reason, is_major(issue.level, rules), as_of)
            done.supervised.append({"issue_id": str(issue.id), "reason": reason})
        for limit, due in missed_limits(issue, as_of, rules, self.supervision_days):
            issue.miss_limit(limit, due, as_of)
            done.supervision_breaches.append(
                {"issue_id": str(issue.id), "limit": limit, "due": due.isoformat()}
            )
        if issue.pending_events:
            self.save(issue)
        report.recomputed += done.recomputed
        report.escalated += done.escalated
        report.supervised += done.supervised
        report.supervision_breaches += done.supervision_breaches

    def _recount_deadline(self, issue: Issue, as_of: date, done: SweepReport) -> None:
        """Count a provisional deadline again once a year it crossed has a schedule."""
        basis = issue.deadline_basis
        if basis is None or not basis.fallback_years:
            return
        recounted = self.count_deadline(basis.counted_from, basis.working_days)
        if recounted.fallback_years == basis.fallback_years:
            return  # still none of its years known: nothing new to count with
        previous = issue.deadline
        issue.recompute_deadline(recounted, as_of)
        done.recomputed.append(
            {
                "issue_id": str(issue.id),
                "previous_deadline": previous.isoformat(),
                "deadline": recounted.on.isoformat(),
            }
        )

    @command_method
    def supervise(
        self, ctx: CommandContext, issue_id: UUID, *, major: bool, on: date | None = None
    ) -> Issue:
        """The office decides to put an issue under 13710 supervision."""
        if ctx.actorrole not in HQ_ROLES:
            raise NotPermittedError("只有总指挥部办公室可以决定督办 / only the HQ office decides")
        issue = self.get_issue(issue_id)
        issue.supervise("office_decision", major, on or self.clock.today())
        self.save(issue)
        return issue

    @command_method
    def rate_supervision(
        self, ctx: CommandContext, issue_id: UUID, *, rating: str, on: date | None = None
    ) -> Issue:
        """On closure the assigning unit (the HQ office) rates the handling."""
        if ctx.actorrole not in HQ_ROLES:
            raise NotPermittedError("只有交办单位可以评价 / only the assigning unit rates")
        issue = self.get_issue(issue_id)
        if issue.supervision is None:
            raise IllegalTransitionError("问题不在督办中 / not under supervision")
        issue.rate(rating, on or self.clock.today())
        self.save(issue)
        return issue

    def supervision_dues(self, issue: Issue) -> dict[str, date]:
        if issue.supervision is None:
            return {}
        return limit_dues(issue, self.supervision_rules(), self.supervision_days)
