"""Hypothesis stateful test: scheduling's learned facts and tours, replayed state equals live.

WatchedIssue, WatchedProject and LatestNotice are learned as the consumer learns them
(each message saved with its stream position, redeliveries and stale notices change
nothing); Tour is planned and re-planned by the office. After each step every aggregate
saved so far, rebuilt from its stored events, equals the object that was saved, and
each learned fact holds what a simple model of the messages says; a tour shares exactly
its slots (none when no county has a quality project), each county within one visit of
its exact quota, none to a county without quality projects.
Runs: KPD_HYPOTHESIS_RUNS (50; 1000 nightly).
"""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from scheduling.application import Scheduling
from scheduling.domain import LatestNotice, Tour, WatchedIssue, WatchedProject
from scheduling.policy import SchedulingPolicy
from servicekit.core.context import SYSTEM
from servicekit.eventstore.environment import build_env
from tests.faults.in_process import assert_replay_equals_live
from tests.faults.support_faults import hypothesis_runs

POLICY = SchedulingPolicy.load()
COUNTIES = ["yaodu", "houma", "quwo", "jixian"]
LEVELS = ["county", "department", "subcommand", "hq"]
RUNS = settings(
    max_examples=hypothesis_runs(),
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
issues = st.sampled_from(["i-1", "i-2", "i-3"])
projects = st.sampled_from(["p-1", "p-2"])
months = st.sampled_from(["2026-01", "2026-02", "2026-03"])
deadlines = st.dates(date(2026, 1, 1), date(2026, 6, 30))
issue_changes = st.fixed_dictionaries(
    {},
    optional={
        "level": st.sampled_from(LEVELS),
        "assignee": st.sampled_from(["yaodu", "transport", "hq"]),
        "deadline": deadlines,
        "status": st.sampled_from(["open", "resolved", "closed"]),
        "supervised": st.booleans(),
    },
)


class WatchReplay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.app = Scheduling(env=build_env(None), rules=POLICY)
        self.live: dict[UUID, Any] = {}
        self.model: dict[str, dict[str, Any]] = {}
        self.position = 0
        self.positions: dict[str, int] = {}

    def deliver(self, learned: Any, stream: str) -> None:
        """Save what a consumed message produced with its stream position, as the consumer."""
        self.position += 1
        self.positions[stream] = self.position
        self.app.save_tracked(Tracking(stream, self.position), learned)
        if learned is not None:
            self.live[learned.id] = learned

    @rule(issue=issues, level=st.sampled_from(LEVELS), deadline=deadlines)
    def issue_seen(self, issue: str, level: str, deadline: date) -> None:
        facts = {"title": "用地手续", "level": level, "assignee": "yaodu", "deadline": deadline}
        scope = {"project_id": "p-1", "county": "yaodu", "subcommand": "investment_transport"}
        self.deliver(self.app.issue_seen(issue, **facts, **scope), "KPD_ISSUES")
        known = {"status": "open", "supervised": False}
        self.model.setdefault(f"issue:{issue}", {**facts, **known})

    @rule(issue=issues, changes=issue_changes)
    def issue_changed(self, issue: str, changes: dict[str, Any]) -> None:
        self.deliver(self.app.issue_changed(issue, **changes), "KPD_ISSUES")
        if f"issue:{issue}" in self.model:
            self.model[f"issue:{issue}"].update(changes)

    @rule(project=projects, county=st.sampled_from(COUNTIES))
    def project_seen(self, project: str, county: str) -> None:
        facts = {"name": "重点项目", "county": county, "subcommand": "livelihood", "year": 2026}
        self.deliver(self.app.project_seen(project, **facts), "KPD_REGISTRY")
        lights = {"warning_month": None, "overall": "green", "investment_light": "green"}
        self.model.setdefault(f"project:{project}", {**facts, **lights})

    @rule(
        project=projects,
        month=months,
        overall=st.sampled_from(["green", "yellow", "red"]),
        light=st.sampled_from(["green", "yellow", "red"]),
    )
    def project_warning(self, project: str, month: str, overall: str, light: str) -> None:
        self.deliver(self.app.project_warning(project, month, overall, light), "KPD_REGISTRY")
        if f"project:{project}" in self.model:
            lights = {"warning_month": month, "overall": overall, "investment_light": light}
            self.model[f"project:{project}"].update(lights)

    @rule(
        month=months,
        flagged=st.dictionaries(
            st.sampled_from(COUNTIES), st.sampled_from(["low", "reminder", "interview"])
        ),
    )
    def notice_published(self, month: str, flagged: dict[str, str]) -> None:
        self.deliver(self.app.notice_published(month, flagged), "KPD_ASSESSMENT")
        latest = self.model.setdefault("notice", {"month": None, "flagged": {}})
        if latest["month"] is None or latest["month"] <= month:  # an older month never replaces
            latest.update(month=month, flagged=flagged)

    @rule(
        half=st.sampled_from(["h1", "h2"]),
        slots=st.integers(0, 12),
        quality=st.fixed_dictionaries({c: st.integers(0, 6) for c in COUNTIES}),
    )
    def plan_tour(self, half: str, slots: int, quality: dict[str, int]) -> None:
        tour = self.app.plan_tour(SYSTEM, year=2026, half=half, slots=slots, quality=quality)
        self.live[tour.id] = tour

    @invariant()
    def replay_equals_live(self) -> None:
        assert_replay_equals_live(self.app, self.live)
        assert {s: self.app.position(s) for s in self.positions} == self.positions

    @invariant()
    def facts_follow_the_messages(self) -> None:
        for found in self.live.values():
            key = (
                f"issue:{found.issue_id}" if isinstance(found, WatchedIssue)
                else f"project:{found.project_id}" if isinstance(found, WatchedProject)
                else "notice" if isinstance(found, LatestNotice) else None
            )  # fmt: skip
            if key is not None:
                expected = self.model[key]
                assert {name: getattr(found, name) for name in expected} == expected
            if isinstance(found, Tour):
                total = sum(found.quality.values())
                assert sum(found.allocation.values()) == (found.slots if total else 0)
                for county, visits in found.allocation.items():
                    quota = Fraction((found.slots or 0) * found.quality[county], total or 1)
                    assert quota - 1 < visits < quota + 1
                    assert visits == 0 or found.quality[county] > 0


WatchReplay.TestCase.settings = RUNS
test_watched_facts_and_tours_replayed_state_equals_live_state = WatchReplay.TestCase
