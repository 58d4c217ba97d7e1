"""The key project aggregate: registration, stages, progress, sponsorship, approvals, warnings.

Every event carries the project's county (and what else its contract event needs),
so translation to the wire never has to look the project up.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from eventsourcing.domain import Aggregate, event

from registry.domain.approvals import ApprovalStep, Suspension, check_step, pending_step
from registry.domain.errors import ConflictingCommandError, RegistryError
from registry.domain.progress import ProgressEntry, cumulative_through, year_to_date
from registry.domain.stages import check_transition, stage_on
from registry.domain.warnings import Warning


class Project(Aggregate):
    """A key project on a year's list."""

    class Registered(Aggregate.Created):
        name: str
        county: str
        sector: str
        subcommand: str
        level: str
        year: int
        project_unit: str
        total_investment: Decimal
        annual_planned_investment: Decimal
        planned_start: date
        planned_completion: date
        is_new: bool
        is_industrial: bool

    class StageChanged(Aggregate.Event):
        county: str
        stage: str
        previous_stage: str
        on: date

    class ProgressReported(Aggregate.Event):
        county: str
        month: str
        investment_completed: Decimal
        physical_progress: str
        photos: list[str]
        correction: bool
        cumulative_investment: Decimal
        year_to_date_investment: Decimal

    class SponsorAssigned(Aggregate.Event):
        county: str
        leader: str
        on: date

    class LeaderVisited(Aggregate.Event):
        county: str
        leader: str
        on: date
        kind: str
        notes: str

    class ApprovalStepRecorded(Aggregate.Event):
        county: str
        step: str
        submitted_on: date
        granted_on: date | None
        working_days_used: int
        limit: int

    class ApprovalSuspended(Aggregate.Event):
        step: str
        kind: str
        on: date

    class ApprovalResumed(Aggregate.Event):
        step: str
        on: date

    class ApprovalSlaFlagged(Aggregate.Event):
        county: str
        status: str
        working_days_used: int
        limit: int
        as_of: date

    class WarningChanged(Aggregate.Event):
        county: str
        subcommand: str
        month: str
        start_light: str
        investment_light: str
        overall: str

    @event(Registered)
    def __init__(
        self,
        name: str,
        county: str,
        sector: str,
        subcommand: str,
        level: str,
        year: int,
        project_unit: str,
        total_investment: Decimal,
        annual_planned_investment: Decimal,
        planned_start: date,
        planned_completion: date,
        is_new: bool,
        is_industrial: bool,
    ) -> None:
        self.name = name
        self.county = county
        self.sector = sector
        self.subcommand = subcommand
        self.level = level
        self.year = year
        self.project_unit = project_unit
        self.total_investment = total_investment
        self.annual_planned_investment = annual_planned_investment
        self.planned_start = planned_start
        self.planned_completion = planned_completion
        self.is_new = is_new
        self.is_industrial = is_industrial
        self.stage = "preparation"
        self.stage_history: list[tuple[str, date]] = []
        self.reports: list[ProgressEntry] = []
        self.sponsors: list[str] = []
        self.visits: list[tuple[str, date, str, str]] = []
        self.approvals: dict[str, ApprovalStep] = {}
        self.approval_used = 0
        self.sla_flags: set[str] = set()
        self.warnings: dict[str, Warning] = {}

    def change_stage(self, stage: str, on: date) -> None:
        """Move to ``stage`` on ``on``; an illegal transition raises ConflictingCommandError."""
        last = self.stage_history[-1][1] if self.stage_history else None
        check_transition(self.stage, stage, is_new=self.is_new, last_change_on=last, on=on)
        self._stage_changed(self.county, stage, self.stage, on)

    @event(StageChanged)
    def _stage_changed(self, county: str, stage: str, previous_stage: str, on: date) -> None:
        self.stage = stage
        self.stage_history.append((stage, on))

    def stage_at_end_of(self, day: date) -> str:
        return stage_on(self.stage_history, day)

    def report_progress(
        self, month: str, investment_completed: Decimal, physical_progress: str, photos: list[str]
    ) -> None:
        """Record month's report; a second one for the same month is a correction."""
        correction = any(entry.month == month for entry in self.reports)
        entry = ProgressEntry(month, investment_completed, physical_progress, (), correction)
        after = [*self.reports, entry]
        self._progress_reported(
            self.county,
            month,
            investment_completed,
            physical_progress,
            photos,
            correction,
            cumulative_through(after, month),
            year_to_date(after, month),
        )

    @event(ProgressReported)
    def _progress_reported(
        self,
        county: str,
        month: str,
        investment_completed: Decimal,
        physical_progress: str,
        photos: list[str],
        correction: bool,
        cumulative_investment: Decimal,
        year_to_date_investment: Decimal,
    ) -> None:
        self.reports.append(
            ProgressEntry(month, investment_completed, physical_progress, tuple(photos), correction)
        )

    def latest_month(self) -> str | None:
        return max((entry.month for entry in self.reports), default=None)

    def cumulative_investment(self) -> Decimal:
        return cumulative_through(self.reports, self.latest_month() or "")

    def assign_sponsor(self, leader: str, on: date) -> None:
        """A city leader answers for the project (包联) from ``on``."""
        if leader in self.sponsors:
            raise ConflictingCommandError(f"{leader} 已包联该项目 / already the sponsor")
        self._sponsor_assigned(self.county, leader, on)

    @event(SponsorAssigned)
    def _sponsor_assigned(self, county: str, leader: str, on: date) -> None:
        self.sponsors.append(leader)

    def record_visit(self, leader: str, on: date, kind: str, notes: str) -> None:
        """A sponsoring leader's site survey or on-site office."""
        if leader not in self.sponsors:
            raise ConflictingCommandError(
                f"{leader} 未包联该项目 / the leader does not sponsor this project"
            )
        self._leader_visited(self.county, leader, on, kind, notes)

    @event(LeaderVisited)
    def _leader_visited(self, county: str, leader: str, on: date, kind: str, notes: str) -> None:
        self.visits.append((leader, on, kind, notes))

    def check_approval_step(self, step: str, submitted_on: date, granted_on: date | None) -> None:
        """Refuse a step that contradicts what is recorded for it."""
        check_step(self.approvals.get(step), step, submitted_on, granted_on)

    @event(ApprovalStepRecorded)
    def record_approval_step(
        self,
        county: str,
        step: str,
        submitted_on: date,
        granted_on: date | None,
        working_days_used: int,
        limit: int,
    ) -> None:
        known = self.approvals.setdefault(step, ApprovalStep(step, submitted_on))
        known.granted_on = granted_on
        self.approval_used = working_days_used

    def suspend_approval(self, step: str, kind: str, on: date) -> None:
        """A statutory suspension (hearing, expert review) stops the step's clock."""
        known = self._pending_step(step)
        if known.open_suspension() is not None:
            raise ConflictingCommandError(f"审批环节 {step} 已中止 / step already suspended")
        if on < known.submitted_on:
            raise RegistryError("中止日期早于申请日期 / suspended before submitted", "on")
        self._approval_suspended(step, kind, on)

    @event(ApprovalSuspended)
    def _approval_suspended(self, step: str, kind: str, on: date) -> None:
        self.approvals[step].suspensions.append(Suspension(kind, on))

    def resume_approval(self, step: str, on: date) -> None:
        """The suspension ended; the clock runs again after ``on``."""
        suspension = self._pending_step(step).open_suspension()
        if suspension is None:
            raise ConflictingCommandError(f"审批环节 {step} 未中止 / step is not suspended")
        if on < suspension.start:
            raise RegistryError("恢复日期早于中止日期 / resumed before suspended", "on")
        self._approval_resumed(step, on)

    @event(ApprovalResumed)
    def _approval_resumed(self, step: str, on: date) -> None:
        suspension = self.approvals[step].open_suspension()
        if suspension is not None:
            suspension.end = on

    def _pending_step(self, step: str) -> ApprovalStep:
        return pending_step(self.approvals, step)

    def flag_sla(self, status: str, used: int, limit: int, as_of: date) -> bool:
        """Raise at_risk / breached once each; returns whether a new flag was raised."""
        if status not in ("at_risk", "breached") or status in self.sla_flags:
            return False
        self._sla_flagged(self.county, status, used, limit, as_of)
        return True

    @event(ApprovalSlaFlagged)
    def _sla_flagged(
        self, county: str, status: str, working_days_used: int, limit: int, as_of: date
    ) -> None:
        self.sla_flags.add(status)
        self.approval_used = working_days_used

    def set_warning(self, warning: Warning) -> bool:
        """Record the month's lights when they differ from what is recorded."""
        if self.warnings.get(warning.month) == warning:
            return False
        self._warning_changed(
            self.county,
            self.subcommand,
            warning.month,
            warning.start_light,
            warning.investment_light,
            warning.overall,
        )
        return True

    @event(WarningChanged)
    def _warning_changed(
        self,
        county: str,
        subcommand: str,
        month: str,
        start_light: str,
        investment_light: str,
        overall: str,
    ) -> None:
        self.warnings[month] = Warning(month, start_light, investment_light)
