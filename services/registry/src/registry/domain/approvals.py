"""The fast-track approval clock (标准地+承诺制+全代办): working days from submission to grant.

Working days are counted by a function the application passes in (the statutory
calendar); statutory suspensions (hearing, expert review) stop the clock.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from registry.domain.errors import ConflictingCommandError, RegistryError

# Working days after the first date up to and including the second (domain.md §4).
CountWorkingDays = Callable[[date, date], int]


@dataclass
class Suspension:
    """A statutory suspension: the clock stops after ``start`` until ``end`` inclusive."""

    kind: str
    start: date
    end: date | None = None


@dataclass
class ApprovalStep:
    step: str
    submitted_on: date
    granted_on: date | None = None
    suspensions: list[Suspension] = field(default_factory=list)

    def open_suspension(self) -> Suspension | None:
        return next((s for s in self.suspensions if s.end is None), None)

    def working_days_used(self, count: CountWorkingDays, as_of: date) -> int:
        """Days the step has taken by ``as_of`` (or its grant), net of suspensions."""
        last = self.granted_on or as_of
        if last <= self.submitted_on:
            return 0
        used = count(self.submitted_on, last)
        for suspension in self.suspensions:
            start = max(suspension.start, self.submitted_on)
            end = min(suspension.end or last, last)
            if end > start:
                used -= count(start, end)
        return max(used, 0)


def with_step(
    steps: dict[str, ApprovalStep], step: str, submitted_on: date, granted_on: date | None
) -> dict[str, ApprovalStep]:
    """The chain as it would be after recording ``step`` (the recorded steps untouched)."""
    known = steps.get(step)
    suspensions = list(known.suspensions) if known else []
    return {**steps, step: ApprovalStep(step, submitted_on, granted_on, suspensions)}


def total_used(steps: dict[str, ApprovalStep], count: CountWorkingDays, as_of: date) -> int:
    """The chain's total: each step counts from its submission to its grant."""
    return sum(step.working_days_used(count, as_of) for step in steps.values())


def used_as_of(steps: dict[str, ApprovalStep], count: CountWorkingDays, on: date) -> int:
    """The chain's total as it stood on ``on``: later grants and submissions not yet made.

    Unlike :func:`total_used` (which counts a granted step up to its grant whatever
    the date), this answers "was the chain past its limit when this step was granted".
    """
    as_then = [
        ApprovalStep(
            s.step,
            s.submitted_on,
            s.granted_on if s.granted_on is not None and s.granted_on <= on else None,
            s.suspensions,
        )
        for s in steps.values()
        if s.submitted_on <= on
    ]
    return sum(step.working_days_used(count, on) for step in as_then)


def sla_status(used: int, limit: int, at_risk_ratio: Decimal) -> str:
    """``breached`` past the limit, ``at_risk`` from the ratio of it, else ``on_track``."""
    if used > limit:
        return "breached"
    if Decimal(used) >= Decimal(limit) * at_risk_ratio:
        return "at_risk"
    return "on_track"


def check_step(
    known: ApprovalStep | None, step: str, submitted_on: date, granted_on: date | None
) -> None:
    """Refuse recording ``step`` when it contradicts what is recorded for it."""
    if granted_on is not None and granted_on < submitted_on:
        raise RegistryError("批复日期早于申请日期 / granted before submitted", "granted_on")
    if known is None:
        return
    if known.granted_on is not None:
        raise ConflictingCommandError(f"审批环节 {step} 已办结 / step already granted")
    if known.submitted_on != submitted_on:
        raise ConflictingCommandError(
            f"审批环节 {step} 已于 {known.submitted_on} 申请 / step submitted on another date"
        )
    if granted_on is None:
        raise ConflictingCommandError(f"审批环节 {step} 已登记 / step already submitted")
    if known.open_suspension() is not None:
        raise ConflictingCommandError(f"审批环节 {step} 处于中止状态 / step is suspended")


def pending_step(steps: dict[str, ApprovalStep], step: str) -> ApprovalStep:
    """The submitted, not yet granted step (suspensions apply only to those)."""
    known = steps.get(step)
    if known is None:
        raise ConflictingCommandError(f"审批环节 {step} 尚未申请 / step not submitted")
    if known.granted_on is not None:
        raise ConflictingCommandError(f"审批环节 {step} 已办结 / step already granted")
    return known
