"""Hypothesis stateful test: assessment's SourceFact, Notice, Brief, YearAssessment, replay = live.

Registry events are kept as facts (as the consumer does) while notices, briefs and the
year assessment are published, re-issued (with a reason), proposed and approved in random
order. Refused commands store nothing. After each step what it saved, rebuilt from
its events, equals the saved objects; versions are numbered in order and a notice's,
brief's or year assessment's figures recompute from what it recorded (positions, and the
notice versions whose interviews a score counted); a consequence is issued once; HQ
approves the office's proposal. Runs: KPD_HYPOTHESIS_RUNS (50; 1000 nightly).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from functools import partial
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Tracking
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from assessment.application import Assessment
from assessment.application.figures import ranking_body, score_row
from assessment.domain import AssessmentError
from assessment.domain.aggregates import Brief, Notice, YearAssessment
from assessment.policy import AssessmentPolicy
from contracts import registry as reg
from contracts.base import EventData
from servicekit.core.context import SYSTEM
from servicekit.eventstore.environment import build_env
from tests.faults.in_process import RecordsSaves, assert_replay_equals_live
from tests.faults.support_faults import hypothesis_runs

POLICY = AssessmentPolicy.load()
COUNTIES = {"yaodu": "尧都区", "houma": "侯马市", "huozhou": "霍州市", "quwo": "曲沃县"}
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04"]
STREAM, FROZEN = "KPD_REGISTRY", ("rows", "unranked")
RUNS = settings(max_examples=hypothesis_runs(), stateful_step_count=30, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
reasons = st.sampled_from(["", "  ", "更正投资数据"])
months = st.sampled_from(MONTHS)
documents = st.sampled_from(["notice", "brief", "next", "next"])
units, kinds = st.sampled_from([*COUNTIES, "nowhere"]), st.sampled_from(["reward", "none", "bonus"])


class RecordingAssessment(RecordsSaves, Assessment):
    """Assessment, remembering the last object saved per aggregate and what each step saved."""

    def __init__(self) -> None:
        super().__init__(env=build_env(None), rules=POLICY)
        self.live: dict[UUID, Any] = {}
        self.touched: dict[UUID, Any] = {}


class AssessmentReplay(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.app = RecordingAssessment()
        self.seq = self.next = 0
        self.projects: list[str] = []
        for unit_id, name in COUNTIES.items():
            self.keep(reg.OrgUnitRegistered(unit_id=unit_id, kind="county", name=name,
                                            effective_on=date(2026, 1, 1)))  # fmt: skip

    def keep(self, payload: EventData) -> None:  # as the consumer keeps a registry event
        self.seq += 1
        data, name = payload.model_dump(mode="json"), payload.event_name
        fact = self.app.record_fact(SYSTEM, stream=STREAM, seq=self.seq, event_type=name, data=data)
        self.app.save_tracked(Tracking(STREAM, self.seq), fact)
        self.app.touched[fact.id] = self.app.live[fact.id] = fact

    def attempt(self, command: Callable[[], Any]) -> None:
        before = self.app.max_notification_id()
        try:
            command()
        except AssessmentError:  # refused (409, 422): nothing may be stored
            assert self.app.max_notification_id() == before, "a refused command stored events"

    @rule(county=st.sampled_from(sorted(COUNTIES)), annual=st.sampled_from([0, 600, 1200]))
    def register(self, county: str, annual: int) -> None:
        self.projects.append(f"p-{county}-{self.seq}")
        self.keep(reg.ProjectRegistered(
            project_id=self.projects[-1], name="重点项目", county=county, sector="transport",
            subcommand="investment_transport", level="city", year=2026, project_unit="u-1",
            total_investment=Decimal(12000), annual_planned_investment=Decimal(annual),
            planned_start=date(2026, 2, 1), planned_completion=date(2027, 12, 31),
            is_new=True, is_industrial=False,
        ))  # fmt: skip

    @rule(pick=st.integers(0, 9), month=months, amount=st.sampled_from(["0", "50", "300"]))
    def report(self, pick: int, month: str, amount: str) -> None:
        if self.projects:
            project, zero = self.projects[pick % len(self.projects)], Decimal(0)
            self.keep(reg.ProgressReported(
                project_id=project, county=project.split("-")[1], month=month,
                investment_completed=Decimal(amount), physical_progress="按计划推进",
                correction=False, cumulative_investment=zero, year_to_date_investment=zero,
            ))  # fmt: skip

    @rule(pick=st.integers(0, 9), day=st.integers(1, 28), listed=st.booleans())
    def start_or_list(self, pick: int, day: int, listed: bool) -> None:
        """A project starts (开工) — or HQ confirms a year list of every other project."""
        if listed:
            ids, on = self.projects[pick % 2 :: 2], date(2026, 1, day)
            self.keep(reg.KeyListConfirmed(year=2026, project_ids=ids, confirmed_on=on))
        elif self.projects:
            project = self.projects[pick % len(self.projects)]
            self.keep(reg.ProjectStageChanged(
                project_id=project, county=project.split("-")[1], stage="started",
                previous_stage="preparation", on=date(2026, 2, day),
            ))  # fmt: skip

    @rule(month=months, reason=reasons, document=documents)
    def publish(self, month: str, reason: str, document: str) -> None:
        """A notice or brief for some month, or the next month's notice (consequences grow)."""
        publish = self.app.publish_brief if document == "brief" else self.app.publish_notice
        if document == "next":
            month, self.next = MONTHS[self.next % len(MONTHS)], self.next + 1
        self.attempt(lambda: publish(SYSTEM, month, reason))

    @rule(reason=reasons)
    def publish_assessment(self, reason: str) -> None:
        self.attempt(lambda: self.app.publish_assessment(SYSTEM, 2026, reason))

    @rule(decisions=st.none() | st.dictionaries(units, kinds), approve=st.booleans())
    def propose_or_approve(self, decisions: dict[str, str] | None, approve: bool) -> None:
        propose = partial(self.app.propose_rewards, SYSTEM, 2026, decisions, "年度考核")
        self.attempt(partial(self.app.approve_rewards, SYSTEM, 2026) if approve else propose)

    @invariant()
    def replay_equals_live(self) -> None:
        """What this step saved replays; published documents keep their rules."""
        assert_replay_equals_live(self.app, self.app.touched)
        for document in self.app.touched.values():
            if isinstance(document, Notice | Brief | YearAssessment):
                numbers = [v["version"] for v in document.versions]
                assert numbers == list(range(1, len(numbers) + 1))
            if isinstance(document, Notice):
                issued = [(c["county"], c["kind"]) for c in document.consequences_issued]
                assert len(issued) == len(set(issued)), "a consequence was issued twice"
                for version in document.versions:
                    at = version["source_positions"]
                    again = ranking_body(self.app.ranking_at(document.month, at))
                    assert [again[k] for k in FROZEN] == [version[k] for k in FROZEN]
            if isinstance(document, Brief):
                for version in document.versions:
                    content, _ = self.app.brief_content(document.month, version["source_positions"])
                    assert [row.county for row in content.lagging] == version["lagging_counties"]
            if isinstance(document, YearAssessment):  # scores recompute; HQ approves the proposal
                for number, published in enumerate(document.versions, 1):
                    scores = self.app.published_scores(document.year, number)
                    assert [score_row(s) for s in scores] == published["rows"]
                rows = document.versions[-1]["rows"]
                assert set(document.proposal or {}) <= {row["unit"] for row in rows}
                proposal = None
                for event in self.app.events.get(document.id):
                    if isinstance(event, YearAssessment.Published):
                        proposal = None
                    elif isinstance(event, YearAssessment.RewardsProposed):
                        proposal = event.decisions
                    elif isinstance(event, YearAssessment.RewardsApproved):
                        assert event.decisions == proposal, "HQ approved what was not proposed"
        self.app.touched.clear()

    def teardown(self) -> None:
        assert_replay_equals_live(self.app, self.app.live)
        self.app.close()


AssessmentReplay.TestCase.settings = RUNS
test_assessment_replayed_state_equals_live_state = AssessmentReplay.TestCase


def test_published_year_scores_recompute_from_their_positions() -> None:
    machine = AssessmentReplay()
    for county in COUNTIES:
        machine.register(county, 1200)
    for month in MONTHS[:3]:  # monthly 300 / 50 / 20 / 0 against 1200 plans
        for pick, amount in enumerate(["300", "50", "20", "0"]):
            machine.report(pick, month, amount)
    for _ in ("January", "February: reminders"):
        machine.publish("", "", "next")
    machine.publish_assessment("")
    machine.publish("", "", "next")  # March: interviews, after the scores were published
    latest = machine.app.find(YearAssessment.create_id(2026)).latest
    now, _ = machine.app.year_scores(2026, latest["source_positions"])
    scores, _ = machine.app.year_scores(2026, latest["source_positions"], latest["counted_notices"])
    machine.teardown()
    assert [score_row(s) for s in now] != latest["rows"], "today's notices count March"
    assert [score_row(s) for s in scores] == latest["rows"]
