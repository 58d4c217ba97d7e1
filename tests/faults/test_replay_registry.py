"""Hypothesis stateful tests: random registry command sequences, replayed state equals live.

Project and OrgUnit: every command goes through the Registry application on the
in-memory store; refused commands (422/409 reasons) must store nothing. After
each step every touched aggregate, rebuilt from its stored events, equals the
object the last successful command returned. Runs: KPD_HYPOTHESIS_RUNS (50; 1000 nightly).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, rule

from registry.application import Registry, seed_organisation
from registry.application.base import UnknownObjectError
from registry.domain.errors import ConflictingCommandError, RegistryError
from registry.domain.stages import STAGES
from servicekit.core.context import SYSTEM
from tests.faults.in_process import assert_replay_equals_live, make_registry, register_sample
from tests.faults.support_faults import hypothesis_runs

REFUSED = (RegistryError, ConflictingCommandError, UnknownObjectError)
ORG = seed_organisation()
COUNTIES = [str(c["id"]) for c in ORG["counties"]]
SECTORS = sorted({str(s) for unit in ORG["subcommands"] for s in unit.get("sectors", [])})
DEPARTMENTS = [str(d["id"]) for d in ORG["departments"]]
CHANGEABLE_UNITS = [str(u["id"]) for u in ORG["subcommands"]] + DEPARTMENTS[:3]
LEADERS = ["leader-wang", "leader-li", "leader-zhao"]

days = st.dates(min_value=date(2025, 6, 1), max_value=date(2027, 6, 30))
money = st.decimals(
    min_value=Decimal(0), max_value=Decimal("99999.9999"), places=4, allow_nan=False
)
months = st.builds(lambda y, m: f"{y}-{m:02d}", st.sampled_from([2025, 2026]), st.integers(1, 12))
words = st.text(alphabet="项目进度完成开工桥路水电abc 0123", max_size=12)
RUNS = settings(
    max_examples=hypothesis_runs(),
    stateful_step_count=20,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


class RegistryReplay(RuleBasedStateMachine):
    projects = Bundle("projects")

    def __init__(self) -> None:
        super().__init__()
        self.registry: Registry = make_registry()
        self.live: dict[UUID, Any] = {}

    def attempt(self, command: Any) -> None:
        """Run a command; keep what it returns as the live state, or nothing if refused."""
        try:
            result = command()
        except REFUSED:
            return
        aggregate = getattr(result, "project", result)
        self.live[aggregate.id] = aggregate

    @rule(
        target=projects,
        county=st.sampled_from(COUNTIES),
        sector=st.sampled_from(SECTORS),
        is_new=st.booleans(),
        total=money,
        planned=money,
    )
    def register(
        self, county: str, sector: str, is_new: bool, total: Decimal, planned: Decimal
    ) -> UUID:
        project = register_sample(
            self.registry,
            county=county,
            sector=sector,
            is_new=is_new,
            total_investment=total,
            annual_planned_investment=planned,
        )
        self.live[project.id] = project
        return project.id

    @rule(
        pid=projects,
        month=months,
        amount=money,
        progress=words,
        photos=st.lists(st.sampled_from(["s3://p/1.jpg", "s3://p/2.jpg"]), max_size=2),
    )
    def report(
        self, pid: UUID, month: str, amount: Decimal, progress: str, photos: list[str]
    ) -> None:
        self.attempt(
            lambda: self.registry.report_progress(
                SYSTEM,
                pid,
                month=month,
                investment_completed=amount,
                physical_progress=progress,
                photos=photos,
            )
        )

    @rule(pid=projects, stage=st.sampled_from(STAGES), on=days)
    def change_stage(self, pid: UUID, stage: str, on: date) -> None:
        self.attempt(lambda: self.registry.change_stage(SYSTEM, pid, stage, on))

    @rule(pid=projects, leader=st.sampled_from(LEADERS), on=days)
    def sponsor(self, pid: UUID, leader: str, on: date) -> None:
        self.attempt(lambda: self.registry.assign_sponsor(SYSTEM, pid, leader, on))

    @rule(pid=projects, leader=st.sampled_from(LEADERS), on=days, notes=words)
    def visit(self, pid: UUID, leader: str, on: date, notes: str) -> None:
        self.attempt(
            lambda: self.registry.record_visit(
                SYSTEM, pid, leader=leader, on=on, kind="site_survey", notes=notes
            )
        )

    @rule(
        pid=projects,
        step=st.sampled_from(["project_code", "construction_permit", "bogus"]),
        submitted=days,
        granted=st.none() | days,
    )
    def approval(self, pid: UUID, step: str, submitted: date, granted: date | None) -> None:
        self.attempt(
            lambda: self.registry.record_approval_step(
                SYSTEM, pid, step=step, submitted_on=submitted, granted_on=granted
            )
        )

    @rule(
        pid=projects,
        step=st.sampled_from(["project_code", "construction_permit"]),
        kind=st.sampled_from(["hearing", "expert_review"]),
        on=days,
        resume=st.booleans(),
    )
    def suspend_or_resume(self, pid: UUID, step: str, kind: str, on: date, resume: bool) -> None:
        if resume:
            self.attempt(lambda: self.registry.resume_approval(SYSTEM, pid, step=step, on=on))
        else:
            self.attempt(
                lambda: self.registry.suspend_approval(SYSTEM, pid, step=step, kind=kind, on=on)
            )

    @rule(
        unit=st.sampled_from(CHANGEABLE_UNITS),
        change=st.sampled_from(
            ["renamed", "commander_assigned", "department_added", "department_removed"]
        ),
        value=st.sampled_from([*DEPARTMENTS[:4], "新名称", "nobody"]),
        on=days,
        reason=words,
    )
    def change_org_unit(self, unit: str, change: str, value: str, on: date, reason: str) -> None:
        self.attempt(
            lambda: self.registry.change_org_unit(
                SYSTEM, unit, change=change, value=value, effective_on=on, reason=reason or "调整"
            )
        )

    @invariant()
    def replay_equals_live(self) -> None:
        assert_replay_equals_live(self.registry, self.live)


RegistryReplay.TestCase.settings = RUNS
test_registry_replayed_state_equals_live_state = RegistryReplay.TestCase
