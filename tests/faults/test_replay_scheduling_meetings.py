"""Hypothesis stateful test: scheduling's Meeting, YearCalendar, CountyMonth, Organisation.

The organisation is learned and changed as registry events arrive; years are generated
(again after new units: the calendar is extended), ad-hoc meetings convened, interviews
arranged; meetings moved, cancelled, held with decisions; counties file monthly reports
and the sweep flags missing ones. Refused commands store nothing. After each step what
it saved, rebuilt from its events, equals the saved objects (everything at teardown); a
held or cancelled meeting stays so, with one DecisionAssigned per work-assigning
decision; a county month is flagged only while unreported. Runs: KPD_HYPOTHESIS_RUNS.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from scheduling.application import Scheduling
from scheduling.domain import CountyMonth, Decision, Meeting, SchedulingError, YearCalendar
from scheduling.domain.county_report import report_month_bounds
from scheduling.policy import SchedulingPolicy
from servicekit.core.context import SYSTEM
from servicekit.eventstore.environment import build_env
from tests.faults.in_process import RecordsSaves, assert_replay_equals_live
from tests.faults.support_faults import hypothesis_runs

POLICY = SchedulingPolicy.load()
HQ = {"commander": "王延峰", "executive_deputy_commanders": ["王渊", "李艳萍"]}
Unit = tuple[str, str, str, dict[str, Any]]
UNITS: list[Unit] = [
    ("hq", "headquarters", "总指挥部", HQ), ("yaodu", "county", "尧都区", {}),
    ("investment_transport", "subcommand", "交通项目分指挥部", {"commander": "胡晓刚"}),
    ("houma", "county", "侯马市", {}), ("natural_resources", "department", "自然资源局", {}),
]  # fmt: skip
LATER: list[Unit] = [("livelihood", "subcommand", "民生项目分指挥部", {"commander": "李艳萍"}),
                     ("quwo", "county", "曲沃县", {})]  # fmt: skip
STANDING = ["plenary.{y}-01", "dispatch.{y}-02", "topical.investment_transport.{y}-03"]
STANDING += ["county.yaodu.{y}-05", "county.quwo.{y}-06", "topical.livelihood.{y}-07"]
SCOPES = ["investment_transport", "yaodu", "nowhere", None]
STANDING_SERIES = ("plenary", "dispatch", "topical", "county")
ASSIGNEES = ["natural_resources", "yaodu", "investment_transport", "nobody", None]
RUNS = settings(max_examples=hypothesis_runs(), stateful_step_count=25, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
decisions = st.lists(
    st.fixed_dictionaries(
        {"text": st.sampled_from(["听取汇报", "协调用地"]), "assignee": st.sampled_from(ASSIGNEES)},
        optional={"deadline_working_days": st.sampled_from([5, 10])},
    ),
    max_size=3,
)


class RecordingScheduling(RecordsSaves, Scheduling):
    """Scheduling, remembering the last object saved per aggregate and what each step saved."""

    def __init__(self) -> None:
        super().__init__(env=build_env(None), rules=POLICY)
        self.live: dict[UUID, Any] = {}
        self.touched: dict[UUID, Any] = {}


class MeetingsReplay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.app = RecordingScheduling()
        self.day = date(2025, 1, 2)
        self.position = 0
        for unit in UNITS:
            self.deliver(self.app.learn_unit(*unit, effective_on=date(2024, 3, 1)))
        self.meetings = [key.format(y=y) for y in (2025, 2026) for key in STANDING]
        self.finished: set[UUID] = set()

    def deliver(self, learned: Any, stream: str = "KPD_REGISTRY") -> None:
        """Save what a consumed event produced, with the stream position (as the consumer)."""
        self.position += 1
        self.app.save_tracked(Tracking(stream, self.position), learned)

    def attempt(self, command: Callable[[], Any]) -> Any:
        before = self.app.max_notification_id()
        try:
            return command()
        except SchedulingError:  # refused (404, 409, 422): nothing may be stored
            assert self.app.max_notification_id() == before, "a refused command stored events"
            return None

    @rule(unit=st.sampled_from(LATER))
    def learn_later_unit(self, unit: Unit) -> None:
        self.deliver(self.app.learn_unit(*unit, effective_on=self.day))

    @rule(unit=st.sampled_from(["investment_transport", "yaodu", "livelihood", "nowhere"]),
          change=st.sampled_from(["renamed", "commander_assigned"]),
          value=st.sampled_from(["新名称", "张三"]), shift=st.integers(-400, 30))  # fmt: skip
    def learn_change(self, unit: str, change: str, value: str, shift: int) -> None:
        self.deliver(self.app.learn_change(unit, change, value, self.day + timedelta(shift)))

    @rule(year=st.sampled_from([2025, 2026]))
    def generate(self, year: int) -> None:
        self.app.generate_year(SYSTEM, year)

    @rule(level=st.sampled_from(["hq", "subcommand", "county"]), unit=st.sampled_from(SCOPES))
    def convene(self, level: str, unit: str | None) -> None:
        scope: dict[str, Any] = {"county" if unit in ("yaodu", "nowhere") else "subcommand": unit}
        convene = partial(self.app.convene, SYSTEM, title="协调会", chair="王渊", on=self.day)
        meeting = self.attempt(lambda: convene(level=level, **scope))
        if meeting is not None:
            self.meetings.append(meeting.meeting_id)

    @rule(county=st.sampled_from(["yaodu", "houma", "quwo"]), month=st.sampled_from(["03", "04"]))
    def interview(self, county: str, month: str) -> None:
        """The interview a notice required (as the consumer of assessment events does it)."""
        arranged = self.app.schedule_interview(
            SYSTEM, county=county, month=f"2025-{month}", required_on=self.day
        )
        self.deliver(arranged, "KPD_ASSESSMENT")
        if arranged is not None:
            self.meetings.append(arranged.meeting_id)

    @rule(pick=st.integers(0, 40), shift=st.integers(-2, 10), decisions=decisions,
          what=st.sampled_from(["reschedule", "cancel", "minutes", "minutes"]))  # fmt: skip
    def handle_meeting(self, pick: int, what: str, shift: int, decisions: list[Any]) -> None:
        meeting_id, on = self.meetings[pick % len(self.meetings)], self.day + timedelta(shift)
        commands: dict[str, Callable[[Meeting], Meeting]] = {
            "reschedule": lambda m: self.app.reschedule(SYSTEM, m, on, "与其他会议冲突"),
            "cancel": lambda m: self.app.cancel(SYSTEM, m, "议题已解决"),
            "minutes": lambda m: self.app.record_minutes(
                SYSTEM, m, held_on=on, attendees=["胡晓刚"], decisions=decisions,
                agenda=[{"kind": "issue", "issue_id": "iss-1", "reasons": ["at_level"]}],
            ),
        }  # fmt: skip
        self.attempt(lambda: commands[what](self.app.meeting(meeting_id)))

    @rule(county=st.sampled_from(["yaodu", "houma", "quwo", "natural_resources"]),
          month=st.sampled_from([1, 2, 3]), day=st.integers(-3, 31))  # fmt: skip
    def file_report(self, county: str, month: int, day: int) -> None:
        held_on = date(2025, month, 1) + timedelta(days=day)
        self.attempt(
            lambda: self.app.file_county_report(
                SYSTEM, county=county, month=f"2025-{month:02d}", held_on=held_on, summary="已召开"
            )
        )

    @rule(days=st.integers(0, 40), sweep=st.booleans())
    def tick(self, days: int, sweep: bool) -> None:
        self.day += timedelta(days=days)
        if sweep:
            self.app.sweep(SYSTEM, self.day)

    @invariant()
    def replay_equals_live(self) -> None:
        """What this step saved; also the rules a held meeting and a county month keep."""
        assert_replay_equals_live(self.app, self.app.touched)
        for aggregate_id, found in self.app.touched.items():
            events = list(self.app.events.get(aggregate_id))
            if isinstance(found, Meeting):
                assert found.status != "scheduled" or aggregate_id not in self.finished
                if found.status != "scheduled":
                    self.finished.add(aggregate_id)
                assigned = [e.decision for e in events if isinstance(e, Meeting.DecisionAssigned)]
                assert assigned == [d for d in found.decisions if Decision(**d).assigns_work]
            if isinstance(found, CountyMonth):
                kinds = [type(e).__name__ for e in events] + ["Filed"]
                assert "Missing" not in kinds or kinds.index("Missing") < kinds.index("Filed")
                first, last = map(str, report_month_bounds(found.month))
                assert all(first <= report["held_on"] <= last for report in found.reports)
        self.app.touched.clear()

    def teardown(self) -> None:
        """Everything saved replays; a year's calendar counts its standing meetings."""
        assert_replay_equals_live(self.app, self.app.live)
        saved = self.app.live.values()
        years = [
            m.month[:4] for m in saved if isinstance(m, Meeting) and m.series in STANDING_SERIES
        ]
        for calendar in (c for c in saved if isinstance(c, YearCalendar)):
            assert sum(calendar.counts.values()) == years.count(str(calendar.year))


MeetingsReplay.TestCase.settings = RUNS
test_meetings_replayed_state_equals_live_state = MeetingsReplay.TestCase
