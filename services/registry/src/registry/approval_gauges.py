"""Business metrics of the fast-track approval clocks (审批时钟): steps by state, chains by status.

Read from the approvals read model at each scrape, like the project gauges. The
limit is the policy's working days for a project's whole chain (steps add up), so
a step is "overdue" when it is still pending while its chain is past that limit
as of the injected clock's today, counted on the service's statutory calendar.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from registry.domain.approvals import ApprovalStep, Suspension, sla_status, used_as_of
from registry.policy import RegistryPolicy
from registry.projections.tables import ApprovalStepRow, ApprovalSuspensionRow
from servicekit.calendar import WorkingDayCalendar
from servicekit.core.clock import Clock

# Overdue before suspended: a suspension stops the clock but does not undo a breach.
STATES = ("running", "suspended", "overdue", "granted_in_time", "granted_late")
CHAIN_STATUSES = ("on_track", "at_risk", "breached")

Chains = dict[str, dict[str, ApprovalStep]]


def load_chains(session: Session) -> Chains:
    """Every project's steps with their suspensions, as the domain models them."""
    chains: Chains = {}
    for row in session.scalars(select(ApprovalStepRow)):
        chains.setdefault(row.project_id, {})[row.step] = ApprovalStep(
            row.step, row.submitted_on, row.granted_on
        )
    ordered = select(ApprovalSuspensionRow).order_by(ApprovalSuspensionRow.version)
    for s in session.scalars(ordered):
        step = chains.get(s.project_id, {}).get(s.step)
        if step is not None:
            step.suspensions.append(Suspension(s.kind, s.started_on, s.ended_on))
    return chains


class ApprovalGauges(Collector):
    def __init__(
        self, engine: Engine, clock: Clock, calendar: WorkingDayCalendar, rules: RegistryPolicy
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.calendar = calendar
        self.rules = rules

    def count(self, first: date, last: date) -> int:
        return self.calendar.working_days_between(first, last).count

    def state(self, chain: dict[str, ApprovalStep], step: ApprovalStep, today: date) -> str:
        limit = self.rules.approval_sla_working_days
        if step.granted_on is not None:
            late = used_as_of(chain, self.count, step.granted_on) > limit
            return "granted_late" if late else "granted_in_time"
        if used_as_of(chain, self.count, today) > limit:
            return "overdue"
        return "suspended" if step.open_suspension() is not None else "running"

    def collect(self) -> Iterator[GaugeMetricFamily]:
        clocks = GaugeMetricFamily(
            "kpd_approval_clocks",
            "Fast-track approval steps by step and clock state (审批时钟)",
            labels=["step", "state"],
        )
        chains_by = GaugeMetricFamily(
            "kpd_approval_chains",
            "Projects with an approval step pending, by their chain's SLA status",
            labels=["status"],
        )
        today = self.clock.today()
        try:
            with Session(self.engine) as session:
                chains = load_chains(session)
        except Exception:  # a scrape must not fail because the read store is away
            return
        counted: dict[tuple[str, str], int] = {}
        statuses: dict[str, int] = {}
        ratio = self.rules.approval_sla_at_risk_ratio
        for chain in chains.values():
            for step in chain.values():
                key = (step.step, self.state(chain, step, today))
                counted[key] = counted.get(key, 0) + 1
            if all(step.granted_on is not None for step in chain.values()):
                continue  # between or after steps the clock does not run: not a live chain
            used = used_as_of(chain, self.count, today)
            status = sla_status(used, self.rules.approval_sla_working_days, ratio)
            statuses[status] = statuses.get(status, 0) + 1
        # Every configured step and state, zeros included, so panels never go blank.
        steps = list(dict.fromkeys([*self.rules.step_ids, *(s for s, _ in counted)]))
        for step_name in steps:
            for state in STATES:
                clocks.add_metric([step_name, state], counted.get((step_name, state), 0))
        for status in CHAIN_STATUSES:
            chains_by.add_metric([status], statuses.get(status, 0))
        yield clocks
        yield chains_by

    def describe(self) -> Iterator[GaugeMetricFamily]:
        return iter(())
