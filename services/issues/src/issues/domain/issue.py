"""The issue aggregate: raised, assigned with a deadline, resolved, followed up, closed.

assigned → in_progress → resolved → follow_up → closed | reopened (→ in_progress …).
Only the project unit's satisfaction closes an issue (清零销号). Dates are business
dates passed in by the caller; working-day arithmetic is done by the application
(the domain takes its results), so this module stays free of frameworks.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from eventsourcing.domain import Aggregate, event

from issues.domain import issue_events as recorded
from issues.domain.errors import IllegalTransitionError, InvalidIssueInputError, doing_en
from issues.domain.issue_events import basis_of
from issues.domain.ladder import LEVELS
from issues.domain.values import (
    ISSUE_NAMESPACE,
    OPEN_UNRESOLVED,
    RATINGS,
    CountedDeadline,
    SupervisionState,
)


class Issue(Aggregate):
    @staticmethod
    def create_id(key: str, **_: Any) -> uuid.UUID:
        return uuid.uuid5(ISSUE_NAMESPACE, key)

    # The recorded events (issue_events.py), redefined by the library under Issue.
    Raised = recorded.Raised
    Progressed = recorded.Progressed
    Resolved = recorded.Resolved
    FollowedUp = recorded.FollowedUp
    Closed = recorded.Closed
    Reopened = recorded.Reopened
    Escalated = recorded.Escalated
    ExtensionRequested = recorded.ExtensionRequested
    ExtensionGranted = recorded.ExtensionGranted
    DeadlineRecomputed = recorded.DeadlineRecomputed
    ExtensionRefused = recorded.ExtensionRefused
    Supervised = recorded.Supervised
    SupervisionLimitMissed = recorded.SupervisionLimitMissed
    SupervisionRated = recorded.SupervisionRated
    CounterpartRecorded = recorded.CounterpartRecorded

    @event(Raised)
    def __init__(
        self,
        key: str,
        project_id: str | None,
        county: str | None,
        subcommand: str | None,
        project_unit: str | None,
        category: str,
        title: str,
        description: str,
        source: str,
        meeting_id: str | None,
        level: str,
        start_reason: str | None,
        responsible_department: str | None,
        assignee: str,
        deadline: date,
        counted_from: date | None,
        counted_days: int | None,
        fallback_years: list[int],
        raised_on: date,
    ) -> None:
        self.key = key
        self.project_id = project_id
        self.county = county
        self.subcommand = subcommand
        self.project_unit = project_unit
        self.category = category
        self.title = title
        self.description = description
        self.source = source
        self.meeting_id = meeting_id
        self.level = level
        self.start_reason = start_reason
        self.responsible_department = responsible_department
        self.assignee = assignee
        self.deadline = deadline
        self.deadline_basis = basis_of(deadline, counted_from, counted_days, fallback_years)
        self.raised_on = raised_on
        self.status = "assigned"
        self.last_substantive_on = raised_on
        self.report_dates: list[date] = []
        self.resolution_dates: list[date] = []
        self.resolved_on: date | None = None
        self.followed_up_on: date | None = None
        self.closed_on: date | None = None
        self.pending_extension: tuple[int, str, date] | None = None
        self.supervision: SupervisionState | None = None
        self.counterparts: list[tuple[str, str, str, date]] = []

    # --- guards -------------------------------------------------------------

    def _require_status(self, allowed: frozenset[str] | set[str], doing: str) -> None:
        if self.status not in allowed:
            raise IllegalTransitionError(
                f"问题当前状态为 {self.status},不能{doing} / "
                f"cannot {doing_en(doing)} an issue in status {self.status}"
            )

    def _require_not_before_raised(self, on: date) -> None:
        if on < self.raised_on:
            raise InvalidIssueInputError(
                f"日期 {on} 早于问题提出日 {self.raised_on} / date before the issue was raised",
                "on",
            )

    @property
    def is_open(self) -> bool:
        return self.status != "closed"

    def overdue_on(self, day: date) -> bool:
        """Past its deadline and not yet claimed fixed, as of ``day``."""
        return self.status in OPEN_UNRESOLVED and self.deadline < day

    # --- lifecycle ----------------------------------------------------------

    def progress(self, note: str, substantive: bool, on: date) -> None:
        self._require_status(OPEN_UNRESOLVED, "报告进展")
        self._require_not_before_raised(on)
        self._progressed(note, substantive, on)

    @event(Progressed)
    def _progressed(self, note: str, substantive: bool, on: date) -> None:
        self.status = "in_progress"
        self.report_dates.append(on)
        if substantive:
            self.last_substantive_on = max(self.last_substantive_on, on)

    def resolve(self, resolution: str, on: date) -> None:
        self._require_status(OPEN_UNRESOLVED, "办结")
        self._require_not_before_raised(on)
        self._resolved(resolution, on, on <= self.deadline, self.level)

    @event(Resolved)
    def _resolved(self, resolution: str, on: date, on_time: bool, level: str) -> None:
        self.status = "resolved"
        self.resolved_on = on
        self.resolution_dates.append(on)
        self.last_substantive_on = max(self.last_substantive_on, on)
        self.pending_extension = None

    def follow_up(self, note: str, on: date, follow_up_due: date) -> None:
        """回访: the assignee checks back with the project unit; late if after the due day."""
        self._require_status({"resolved"}, "回访")
        assert self.resolved_on is not None
        if on < self.resolved_on:
            raise InvalidIssueInputError(
                f"回访日期 {on} 早于办结日 {self.resolved_on} / follow-up before the claimed fix",
                "on",
            )
        self._followed_up(note, on, on > follow_up_due)

    @event(FollowedUp)
    def _followed_up(self, note: str, on: date, late: bool) -> None:
        self.status = "follow_up"
        self.followed_up_on = on

    def confirm(
        self, satisfied: bool, comment: str, on: date, fresh_deadline: CountedDeadline
    ) -> None:
        """The project unit's verdict: satisfied closes (清零销号), otherwise reopens."""
        self._require_status({"follow_up"}, "确认满意度")
        assert self.followed_up_on is not None
        if on < self.followed_up_on:
            raise InvalidIssueInputError(
                f"确认日期 {on} 早于回访日 {self.followed_up_on} / confirmation before follow-up",
                "on",
            )
        if satisfied:
            self._closed(comment, on, self.level)
        else:
            self._reopened(comment, on, level=self.level, **fresh_deadline.event_fields())

    @event(Closed)
    def _closed(self, comment: str, on: date, level: str) -> None:
        self.status = "closed"
        self.closed_on = on

    @event(Reopened)
    def _reopened(
        self,
        comment: str,
        on: date,
        deadline: date,
        level: str,
        counted_from: date | None,
        counted_days: int | None,
        fallback_years: list[int],
    ) -> None:
        self.status = "reopened"
        self.deadline = deadline
        self.deadline_basis = basis_of(deadline, counted_from, counted_days, fallback_years)
        self.last_substantive_on = max(self.last_substantive_on, on)

    # --- escalation and extensions -------------------------------------------

    def escalate(
        self,
        to_level: str,
        reason: str,
        assignee: str,
        deadline: CountedDeadline,
        on: date,
        automatic: bool,
    ) -> None:
        self._require_status(OPEN_UNRESOLVED, "升级")
        if LEVELS.index(to_level) <= LEVELS.index(self.level):
            raise IllegalTransitionError(
                f"问题已在 {self.level} 级,不能升至 {to_level} / cannot escalate "
                f"from {self.level} to {to_level}"
            )
        self._escalated(
            from_level=self.level,
            to_level=to_level,
            reason=reason,
            assignee=assignee,
            on=on,
            automatic=automatic,
            **deadline.event_fields(),
        )

    @event(Escalated)
    def _escalated(
        self,
        from_level: str,
        to_level: str,
        reason: str,
        assignee: str,
        deadline: date,
        on: date,
        automatic: bool,
        counted_from: date | None,
        counted_days: int | None,
        fallback_years: list[int],
    ) -> None:
        self.level = to_level
        self.assignee = assignee
        self.deadline = deadline
        self.deadline_basis = basis_of(deadline, counted_from, counted_days, fallback_years)
        self.pending_extension = None

    def request_extension(
        self, working_days: int, reason: str, on: date, notice_days: int, min_notice: int
    ) -> None:
        """Asked by the assignee at least ``min_notice`` working days before the deadline."""
        self._require_status(OPEN_UNRESOLVED, "申请延期")
        self._require_notice(notice_days, min_notice)
        if self.pending_extension is not None:
            raise IllegalTransitionError(
                "已有待审批的延期申请 / an extension request is already pending"
            )
        self._extension_requested(working_days, reason, on)

    def _require_notice(self, notice_days: int, min_notice: int) -> None:
        if notice_days < min_notice:
            raise IllegalTransitionError(
                f"延期须在期限前至少 {min_notice} 个工作日申请(期限 {self.deadline},"
                f"距期限仅 {notice_days} 个工作日) / an extension must be asked at least "
                f"{min_notice} working day(s) before the deadline {self.deadline}"
            )

    @event(ExtensionRequested)
    def _extension_requested(self, working_days: int, reason: str, on: date) -> None:
        self.pending_extension = (working_days, reason, on)

    def grant_extension(
        self,
        working_days: int,
        new_deadline: CountedDeadline,
        comment: str,
        on: date,
        notice_days: int,
        min_notice: int,
    ) -> None:
        """Granted by the level above: on a pending request, or directly with due notice."""
        self._require_status(OPEN_UNRESOLVED, "延期")
        if self.pending_extension is None:
            self._require_notice(notice_days, min_notice)
        self._extension_granted(
            working_days=working_days, comment=comment, on=on, **new_deadline.event_fields()
        )

    @event(ExtensionGranted)
    def _extension_granted(
        self,
        working_days: int,
        deadline: date,
        comment: str,
        on: date,
        counted_from: date | None,
        counted_days: int | None,
        fallback_years: list[int],
    ) -> None:
        self.deadline = deadline
        self.deadline_basis = basis_of(deadline, counted_from, counted_days, fallback_years)
        self.pending_extension = None

    def recompute_deadline(self, recounted: CountedDeadline, on: date) -> None:
        """Record the deadline counted again from its basis with the calendar as it is now."""
        self._require_status(OPEN_UNRESOLVED, "重算期限")
        if self.deadline_basis is None:
            raise IllegalTransitionError(
                "此期限的计算依据未记录,不能重算 / the deadline's basis is not recorded"
            )
        self._deadline_recomputed(
            previous_deadline=self.deadline, on=on, **recounted.event_fields()
        )

    @event(DeadlineRecomputed)
    def _deadline_recomputed(
        self,
        previous_deadline: date,
        deadline: date,
        counted_from: date,
        counted_days: int,
        fallback_years: list[int],
        on: date,
    ) -> None:
        self.deadline = deadline
        self.deadline_basis = basis_of(deadline, counted_from, counted_days, fallback_years)

    def refuse_extension(self, comment: str, on: date) -> None:
        if self.pending_extension is None:
            raise IllegalTransitionError("没有待审批的延期申请 / no extension request is pending")
        self._extension_refused(comment, on)

    @event(ExtensionRefused)
    def _extension_refused(self, comment: str, on: date) -> None:
        self.pending_extension = None

    # --- 13710 supervision and coordination ----------------------------------

    def supervise(self, reason: str, major: bool, on: date) -> None:
        if not self.is_open:
            raise IllegalTransitionError(
                "问题已销号,不能纳入督办 / a closed issue is not supervised"
            )
        if self.supervision is not None:
            raise IllegalTransitionError("问题已在13710督办中 / already under 13710 supervision")
        self._supervised(reason, major, on)

    @event(Supervised)
    def _supervised(self, reason: str, major: bool, on: date) -> None:
        self.supervision = SupervisionState(since=on, reason=reason, major=major)

    @event(SupervisionLimitMissed)
    def miss_limit(self, limit: str, due: date, on: date) -> None:
        assert self.supervision is not None
        self.supervision.missed.append(limit)

    def rate(self, rating: str, on: date) -> None:
        """The assigning unit rates a closed supervised item (优秀/良好/合格/不合格)."""
        if rating not in RATINGS:
            raise InvalidIssueInputError(f"评价须为 {'/'.join(RATINGS)} / unknown rating", "rating")
        if self.supervision is None:
            raise IllegalTransitionError("问题不在督办中 / the issue is not under supervision")
        self._require_status({"closed"}, "评价督办事项")
        if self.supervision.rating is not None:
            raise IllegalTransitionError("督办事项已评价 / the item is already rated")
        self._rated(rating, on)

    @event(SupervisionRated)
    def _rated(self, rating: str, on: date) -> None:
        assert self.supervision is not None
        self.supervision.rating = rating

    @event(CounterpartRecorded)
    def record_counterpart(self, department: str, counterpart: str, note: str, on: date) -> None:
        """对口省直机关: recorded on the issue; the clock does not stop for it."""
        self.counterparts.append((department, counterpart, note, on))
