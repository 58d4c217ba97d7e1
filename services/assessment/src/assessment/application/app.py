"""The assessment application: keeps consumed facts, ranks, publishes notices and briefs.

Consumed events are stored as ``SourceFact`` aggregates; the current state is an
in-memory fold of them, refreshed incrementally from the log under a lock. A
published figure records the stream positions of that fold, and
:meth:`RankingApplication.facts_at` rebuilds the same state from the log up to them.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from typing import Any, Protocol, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from assessment.application.figures import ranking_body
from assessment.application.rules import consequence_rules, ranking_rules
from assessment.domain.aggregates import Notice, SourceFact
from assessment.domain.consequences import decide_consequences
from assessment.domain.facts import Facts
from assessment.domain.months import parse_month, shift_month
from assessment.domain.ranking import Ranking, rank_counties
from assessment.policy import AssessmentPolicy
from servicekit.core.clock import Clock
from servicekit.core.context import CommandContext, command_method
from servicekit.runtime.ruled import RuledApplication

FACT_TOPIC = get_topic(SourceFact.Received)
FOLD_BATCH = 1000

T = TypeVar("T")


class AssessmentMetrics(Protocol):
    def notice_published(self) -> None: ...

    def consequence(self, kind: str) -> None: ...


class RankingApplication(RuledApplication[AssessmentPolicy], rules=AssessmentPolicy):
    """Facts, rankings and notices; :class:`Assessment` adds the brief and the year end."""

    name = "assessment"

    def __init__(
        self,
        env: dict[str, str] | None = None,
        *,
        rules: AssessmentPolicy | None = None,
        clock: Clock | None = None,
        metrics: AssessmentMetrics | None = None,
    ) -> None:
        super().__init__(env, rules=rules, clock=clock)
        self.metrics = metrics
        self._facts = Facts()
        self._folded = 0
        self._lock = threading.RLock()

    # -- facts ---------------------------------------------------------------

    @command_method
    def record_fact(
        self, ctx: CommandContext, *, stream: str, seq: int, event_type: str, data: dict[str, Any]
    ) -> SourceFact:
        """Keep one consumed event (the caller saves it with the message's tracking)."""
        return SourceFact(stream, seq, event_type, data)

    def with_facts(self, use: Callable[[Facts], T]) -> T:
        """Run ``use`` on the current facts (folded up to the log's end) under the fold lock."""
        with self._lock:
            self.catch_up_facts()
            return use(self._facts)

    def catch_up_facts(self) -> int:
        """Fold the facts stored since the last fold; returns how many were waiting."""
        folded = 0
        with self._lock:
            while True:
                batch = self.recorder.select_notifications(
                    start=self._folded,
                    limit=FOLD_BATCH,
                    topics=(FACT_TOPIC,),
                    inclusive_of_start=False,
                )
                if not batch:
                    return folded
                for notification in batch:
                    fact = self.mapper.to_domain_event(notification)
                    assert isinstance(fact, SourceFact.Received)
                    self._facts.apply(fact.stream, fact.seq, fact.event_type, fact.data)
                    self._folded = notification.id
                folded += len(batch)

    def facts_at(self, positions: Mapping[str, int]) -> Facts:
        """The facts as they stood when a figure recorded ``positions`` (fresh fold of the log)."""
        facts = Facts()
        start = 0
        while True:
            batch = self.recorder.select_notifications(
                start=start, limit=FOLD_BATCH, topics=(FACT_TOPIC,), inclusive_of_start=False
            )
            if not batch:
                return facts
            for notification in batch:
                fact = self.mapper.to_domain_event(notification)
                assert isinstance(fact, SourceFact.Received)
                if fact.seq <= positions.get(fact.stream, 0):
                    facts.apply(fact.stream, fact.seq, fact.event_type, fact.data)
                start = notification.id

    def folded_positions(self) -> dict[str, int]:
        return self.with_facts(lambda facts: dict(facts.positions))

    # -- rankings and notices --------------------------------------------------

    def ranking(self, month: str) -> tuple[Ranking, dict[str, int]]:
        """The month's ranking on current facts, with the positions it was computed from."""
        parse_month(month)
        rules = ranking_rules(self.rules)
        return self.with_facts(
            lambda facts: (rank_counties(facts, month, rules), dict(facts.positions))
        )

    def ranking_at(self, month: str, positions: Mapping[str, int]) -> Ranking:
        return rank_counties(self.facts_at(positions), month, ranking_rules(self.rules))

    def find(self, aggregate_id: UUID) -> Any:
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def notice(self, month: str) -> Notice | None:
        parse_month(month)
        found: Notice | None = self.find(Notice.create_id(month))
        return found

    @command_method
    def publish_notice(self, ctx: CommandContext, month: str, reason: str = "") -> Notice:
        """Freeze the month's ranking as published and apply the consequences it triggers."""
        ranking, positions = self.ranking(month)
        notice = self.notice(month) or Notice(month)
        version = notice.next_version(reason)
        rules = consequence_rules(self.rules)
        lookback = max(
            rules.interview_after_consecutive_low, rules.interview_if_low_within_months_of_reminder
        )
        earlier_low: dict[str, set[str]] = {}
        reminded: dict[str, set[str]] = {}
        for back in range(1, lookback + 1):
            earlier = shift_month(month, -back)
            previous = self.notice(earlier)
            if previous is None or previous.latest is None:
                continue
            earlier_low[earlier] = previous.low_counties()
            for county in previous.reminded_counties():
                reminded.setdefault(county, set()).add(earlier)
        decided = decide_consequences(
            month, set(ranking.low_counties), earlier_low, reminded, rules
        )
        body = ranking_body(ranking)
        notice.publish(
            month=month,
            notice_version=version,
            rows=body["rows"],
            unranked=body["unranked"],
            schedule_pct=body["schedule_pct"],
            consequences=[
                {"county": c.county, "kind": c.kind, "reason": c.reason} for c in decided
            ],
            reason=reason.strip(),
            source_positions=positions,
        )
        issued = {(c["county"], c["kind"]) for c in notice.consequences_issued}
        new = [c for c in decided if (c.county, c.kind) not in issued]
        for consequence in new:
            if consequence.kind == "reminder":
                notice.remind(month, consequence.county)
            else:
                notice.require_interview(month, consequence.county, consequence.reason)
        self.save(notice)
        if self.metrics is not None:
            self.metrics.notice_published()
            for consequence in new:
                self.metrics.consequence(consequence.kind)
        return notice
