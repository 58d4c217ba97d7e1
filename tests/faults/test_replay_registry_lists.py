"""Hypothesis stateful test: registry's KeyList and IssueWatch, replayed state equals live.

Year lists are drafted (with projects of the year, of another year, unknown or listed
twice), confirmed, then changed only by added/removed events; issue watches follow
the issues service's events as the consumer delivers them, with tracking. A refused
command must store nothing. After each step every aggregate saved so far, rebuilt from
its stored events, equals the object that was saved; a confirmed list stays confirmed,
holds each project once and only projects of its year; each watch holds the level and
openness last heard. Runs: KPD_HYPOTHESIS_RUNS (50; 1000 nightly).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from registry.application import Registry, seed_organisation
from registry.application.base import UnknownObjectError
from registry.domain import IssueWatch, KeyList
from registry.domain.errors import ConflictingCommandError, RegistryError
from registry.policy import RegistryPolicy
from servicekit.core.clock import FixedClock
from servicekit.core.context import SYSTEM
from servicekit.eventstore.environment import build_env
from tests.faults.in_process import assert_replay_equals_live, register_sample
from tests.faults.support_faults import hypothesis_runs

RULES, ORG, NOW = RegistryPolicy.load(), seed_organisation(), datetime(2026, 11, 25, 4, tzinfo=UTC)
REFUSED = (RegistryError, ConflictingCommandError, UnknownObjectError)
YEARS = (2026, 2027)
LEVELS = ("county", "department", "subcommand", "hq", "city_leadership")
RUNS = settings(
    max_examples=hypothesis_runs(),
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
shifts = st.integers(-3, 1)
# Mostly projects of the list's year (3 repeats 0), else also another year's (4) or unknown (5).
picks = st.lists(st.integers(0, 3), max_size=3, unique=True)
picks |= st.lists(st.integers(0, 5), max_size=4)


class ListsReplay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.registry = Registry(env=build_env(None), rules=RULES, clock=FixedClock(NOW))
        self.registry.load_organisation(SYSTEM, ORG, on=date(2024, 3, 1))  # as make_registry
        self.year_of = {str(register_sample(self.registry, year=y).id): y for y in YEARS * 3}
        self.day = date(2026, 1, 10)
        self.live: dict[UUID, Any] = {}
        self.confirmed: set[int] = set()
        self.watched: dict[str, tuple[str, bool]] = {}
        self.position = 0

    def project(self, year: int, pick: int) -> str:
        """Pick 0-3: a project of ``year``; 4: one of another year; 5: an unknown id."""
        if pick == 5:
            return "00000000-0000-4000-8000-000000000000"
        ids = [p for p, y in self.year_of.items() if (y == year) == (pick < 4)]
        return ids[pick % len(ids)]

    def attempt(self, command: Callable[[date], KeyList], shift: int) -> None:
        """Run a command a day later (give or take); keep its result, or check it stored nothing."""
        self.day += timedelta(days=1)
        before = self.registry.max_notification_id()
        try:
            found = command(self.day + timedelta(days=shift))
        except REFUSED:
            assert self.registry.max_notification_id() == before, "a refused command stored"
            return
        self.live[found.id] = found

    @rule(year=st.sampled_from(YEARS), picks=picks, shift=shifts)
    def draft(self, year: int, picks: list[int], shift: int) -> None:
        ids = [self.project(year, pick) for pick in picks]
        self.attempt(lambda on: self.registry.draft_key_list(SYSTEM, year, ids, on), shift)

    @rule(year=st.sampled_from(YEARS), shift=shifts)
    def confirm(self, year: int, shift: int) -> None:
        self.attempt(lambda on: self.registry.confirm_key_list(SYSTEM, year, on), shift)

    @rule(
        year=st.sampled_from(YEARS),
        pick=st.integers(0, 5),
        change=st.sampled_from(["added", "removed"]),
        shift=shifts,
    )
    def change(self, year: int, pick: int, change: str, shift: int) -> None:
        project_id = self.project(year, pick)
        self.attempt(
            lambda on: self.registry.change_key_list(
                SYSTEM, year, project_id=project_id, change=change, reason="调整", on=on
            ),
            shift,
        )

    @rule(
        issue=st.sampled_from(["i-1", "i-2", "i-3"]),
        project=st.sampled_from(["p-1", None]),
        level=st.sampled_from([*LEVELS, None]),
        is_open=st.booleans(),
    )
    def observe(self, issue: str, project: str | None, level: str | None, is_open: bool) -> None:
        """An issue event as the consumer delivers it: observed and saved with its position."""
        watch = self.registry.observe_issue(
            SYSTEM, issue_id=issue, project_id=project, level=level, open=is_open
        )
        self.position += 1
        self.registry.save_tracked(Tracking("KPD_ISSUES", self.position), watch)
        if issue in self.watched:
            self.watched[issue] = (level or self.watched[issue][0], is_open)
        elif project is not None and level is not None:
            self.watched[issue] = (level, is_open)
        assert (watch is None) == (issue not in self.watched)
        if watch is not None:
            self.live[watch.id] = watch

    @invariant()
    def replay_equals_live(self) -> None:
        assert_replay_equals_live(self.registry, self.live)

    @invariant()
    def lists_and_watches(self) -> None:
        for aggregate in self.live.values():
            if isinstance(aggregate, IssueWatch):
                assert (aggregate.level, aggregate.open) == self.watched[aggregate.issue_id]
                continue
            assert len(set(aggregate.project_ids)) == len(aggregate.project_ids)
            assert {self.year_of.get(p) for p in aggregate.project_ids} <= {aggregate.year}
            if aggregate.year in self.confirmed:
                assert aggregate.status == "confirmed", "a confirmed list went back to draft"
            if aggregate.status == "confirmed":
                self.confirmed.add(aggregate.year)
        assert self.registry.position("KPD_ISSUES") == self.position


ListsReplay.TestCase.settings = RUNS
test_key_list_and_issue_watch_replayed_state_equals_live_state = ListsReplay.TestCase
