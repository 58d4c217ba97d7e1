"""Hypothesis stateful test: issues' Issue and DispatchMeetings, replayed state equals live.

Issues raised by people or meeting decisions go through their lifecycle by random sides
(mostly the one the rules name) on dates around a moving clock; sweeps escalate and
supervise. Refused commands store nothing; after each step what it saved, rebuilt from its
events, equals the saved objects (everything at teardown); levels never go down; only the
project unit (HQ without one) closes, for good. Runs: KPD_HYPOTHESIS_RUNS (50; 1000 nightly).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, invariant, multiple, rule
from hypothesis.stateful import precondition as only_if

from issues.application import Issues, UnknownIssueError
from issues.domain import LEVELS, Issue, errors, next_level
from issues.domain.values import RATINGS
from issues.policy import IssuesPolicy
from servicekit.core.clock import FixedClock
from servicekit.core.context import SYSTEM, CommandContext
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.mapper import event_meta
from tests.faults.in_process import RecordsSaves, assert_replay_equals_live
from tests.faults.support_faults import hypothesis_runs

REFUSED: tuple[type[Exception], ...] = (errors.IllegalTransitionError, UnknownIssueError)
REFUSED += (errors.InvalidIssueInputError, errors.NotPermittedError)
RULES, PROJECTS = IssuesPolicy.load(), {"p-yaodu": "yaodu", "p-houma": "houma"}
# The side that may give each command; the test also tries other sides, which must be refused.
NATURAL = {
    "progress": "answerer", "resolve": "answerer", "follow_up": "answerer", "confirm": "unit",
    "escalate": "office", "ask_extension": "answerer", "decide_extension": "above",
    "province": "department", "supervise": "office", "rate": "office",
}  # fmt: skip
NEXT = {"assigned": "resolve", "in_progress": "resolve", "reopened": "progress"}
NEXT |= {"resolved": "follow_up", "follow_up": "confirm", "closed": "rate"}
SIDES = ["natural"] * 4 + ["answerer", "above", "department", "unit", "office", "outsider"]
COUNTERPARTS = ["省自然资源厅", "省财政厅", "省林草局"]
RUNS = settings(max_examples=hypothesis_runs(), stateful_step_count=40, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip


def acting(role: str, unit: str | None) -> CommandContext:
    return replace(SYSTEM, actor=f"test-{role}", actorrole=role, actorunit=unit)


class RecordingIssues(RecordsSaves, Issues):
    """Issues, remembering the last object saved per aggregate and what each step saved."""

    def __init__(self, clock: FixedClock) -> None:
        super().__init__(env=build_env(None), rules=RULES, clock=clock)
        self.live: dict[UUID, Any] = {}
        self.touched: dict[UUID, Any] = {}


class IssueReplay(RuleBasedStateMachine):
    issues = Bundle("issues")

    def __init__(self) -> None:
        super().__init__()
        self.clock = FixedClock(datetime(2025, 9, 1, 2, tzinfo=UTC))
        self.app = RecordingIssues(self.clock)
        for pid, county in PROJECTS.items():
            self.app.save(self.app.learn_project(
                SYSTEM, project_id=pid, name=f"{county}重点项目", county=county,
                sector="transport", subcommand="investment_transport", project_unit=f"u-{county}",
            ))  # fmt: skip
        self.decisions = self.raised = 0
        self.levels: dict[UUID, int] = {}

    def actor(self, issue_id: UUID, side: str, command: str) -> CommandContext:
        issue = self.app.get_issue(issue_id)
        if side == "natural":
            side = NATURAL[command]
            if side == "unit" and issue.project_unit is None:
                side = "office"  # a decision without a project: the assigning HQ confirms
        if side in ("answerer", "above"):
            level = issue.level if side == "answerer" else next_level(issue.level) or issue.level
            answerer = Issues.answerer(issue, level)
            return acting(sorted(answerer.roles)[0], answerer.unit)
        units = {"department": issue.responsible_department, "project_unit": issue.project_unit}
        role = {"unit": "project_unit", "outsider": "county"}.get(side, side)
        return acting(role, units.get(role, "quwo" if side == "outsider" else None))

    def attempt(self, command: Callable[[], Any]) -> Any:
        before = self.app.max_notification_id()
        try:
            return command()
        except REFUSED:  # a refused command must leave the store exactly as it was
            assert self.app.max_notification_id() == before, "a refused command stored events"

    @only_if(lambda self: self.raised < 4)
    @rule(target=issues, project=st.sampled_from([*PROJECTS, "p-unknown"]),
          kind=st.sampled_from(["land", "funding", "other", "power_connection", "bogus"]),
          by=st.sampled_from(["project_unit", "county", "office", "leader"]),
          higher=st.booleans(), reason=st.sampled_from(["", " ", "超出县级权限"]))  # fmt: skip
    def raise_issue(self, project: str, kind: str, by: str, higher: bool, reason: str) -> Any:
        county = PROJECTS.get(project)
        unit = {"project_unit": f"u-{county}", "county": county}.get(by)
        issue = self.attempt(
            lambda: self.app.raise_issue(
                acting(by, unit), project_id=project, category=kind, title="问题",
                description="说明", raised_by=by, raised_on=self.clock.today(),
                start_level="department" if higher else "county", start_reason=reason or None,
            )
        )  # fmt: skip
        self.raised += issue is not None
        return multiple() if issue is None else issue.id  # a refused one names no issue

    @only_if(lambda self: self.raised < 4)
    @rule(target=issues, project=st.sampled_from(["p-yaodu", None]), again=st.booleans(),
          assignee=st.sampled_from(["yaodu", "natural_resources", "investment_transport", "hq"]),
          days=st.integers(1, 15))  # fmt: skip
    def decide_at_meeting(self, assignee: str, project: str | None, again: bool, days: int) -> Any:
        self.decisions += 0 if again and self.decisions else 1
        issue = self.app.issue_from_decision(
            SYSTEM, meeting_id="dispatch.2025-10", decision_id=f"d{self.decisions}", text="交办",
            assignee=assignee, deadline_working_days=days, project_id=project, county="yaodu",
            held_on=self.clock.today(),
        )  # fmt: skip
        if issue is not None:  # else the decision is an issue already
            self.app.save(issue)  # as the consumer does (with the message's tracking)
            self.raised += 1
        return multiple() if issue is None else issue.id

    @rule(issue=issues, command=st.sampled_from(sorted(NATURAL)), side=st.sampled_from(SIDES),
          shift=st.integers(-3, 3), flag=st.booleans(), days=st.integers(1, 10))  # fmt: skip
    def act(self, issue: UUID, command: str, side: str, shift: int, flag: bool, days: int) -> None:
        """One lifecycle command on an issue, by some side, on a day around today."""
        ctx, on = self.actor(issue, side, command), self.clock.today() + timedelta(shift)
        app, cp, rating = self.app, COUNTERPARTS[days % 3], (*RATINGS, "差")[days % 5]
        commands: dict[str, Callable[[], Issue]] = {
            "progress": lambda: app.report_progress(ctx, issue, note="", substantive=flag, on=on),
            "resolve": lambda: app.resolve(ctx, issue, resolution="已解决", on=on),
            "follow_up": lambda: app.follow_up(ctx, issue, note="回访", on=on),
            "confirm": lambda: app.confirm(ctx, issue, satisfied=flag, comment="", on=on),
            "escalate": lambda: app.escalate(ctx, issue, reason="重大难点", on=on),
            "ask_extension": lambda: app.ask_extension(ctx, issue, working_days=days, reason=""),
            "decide_extension": lambda: app.decide_extension(ctx, issue, granted=flag, comment=""),
            "province": lambda: app.record_counterpart(ctx, issue, counterpart=cp, note="", on=on),
            "supervise": lambda: app.supervise(ctx, issue, major=flag, on=on),
            "rate": lambda: app.rate_supervision(ctx, issue, rating=rating),
        }
        self.attempt(commands[command])

    @rule(issue=issues, flag=st.booleans())
    def proceed(self, issue: UUID, flag: bool) -> None:  # the next natural step, by its side
        found = self.app.get_issue(issue)
        command = "decide_extension" if found.pending_extension else NEXT[found.status]
        self.act(issue, command, "natural", 0, flag or found.status != "follow_up", 3)

    @rule(days=st.integers(0, 20), then=st.sampled_from(["", "sweep", "d1", "d2", "d3"]))
    def tick(self, days: int, then: str) -> None:  # then the sweep, or a dispatch meeting (13710)
        self.clock.advance(timedelta(days=days))
        today = self.clock.today()
        if then == "sweep":
            self.app.sweep(SYSTEM, today)
        elif then:
            held = self.app.record_dispatch_meeting(SYSTEM, meeting_id=f"m-{then}", held_on=today)
            self.app.save(held)

    @invariant()
    def replay_equals_live(self) -> None:
        """What this step saved; levels never go down; only the project unit closes, for good."""
        assert_replay_equals_live(self.app, self.app.touched)
        for aggregate_id, issue in self.app.touched.items():
            if not isinstance(issue, Issue):
                continue  # the learned projects and dispatch meetings
            level = LEVELS.index(issue.level)
            assert level >= self.levels.get(aggregate_id, 0), "an issue's level went down"
            self.levels[aggregate_id] = level
            if issue.status != "closed":
                continue
            events = list(self.app.events.get(aggregate_id))
            last = max(i for i, e in enumerate(events) if isinstance(e, Issue.Closed))
            meta, unit = event_meta(events[last]), issue.project_unit
            closers = {("project_unit", unit)} if unit else {("office", None), ("commander", None)}
            assert (meta["actorrole"], meta["actorunit"]) in closers, meta
            assert all(isinstance(e, Issue.SupervisionRated) for e in events[last + 1 :])
        self.app.touched.clear()

    def teardown(self) -> None:
        assert_replay_equals_live(self.app, self.app.live)


IssueReplay.TestCase.settings = RUNS
test_issue_replayed_state_equals_live_state = IssueReplay.TestCase
