"""Catching up and counting: the figures every fault test prints and records."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from tests.faults.support_faults import (
    Outcome,
    RecordProperty,
    accepted_ids,
    learned_counts,
    pending_per_consumer,
    status_counts,
    stream_counts,
)
from tests.support import Suite, metric_value

# Every fault test's figures line, printed again at the end of the run (conftest.py).
REPORTED: list[str] = []


def caught_up(suite: Suite, accepted: list[str]) -> bool:
    """Relay published everything, every consumer acked everything, issues learned all."""
    try:
        if metric_value(suite.services["registry"].url, "kpd_relay_lag_events") != 0:
            return False
        if any(pending_per_consumer(suite.nats.url).values()):
            return False
        return set(accepted) <= set(learned_counts(suite))
    except Exception:  # a service or nats-server still coming back counts as "not yet"
        return False


def wait_caught_up(suite: Suite, accepted: list[str], since: float, timeout: float) -> float:
    """Poll until caught up; returns seconds from ``since`` (a time.monotonic() instant)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if caught_up(suite, accepted):
            return time.monotonic() - since
        time.sleep(0.1)
    missing = set(accepted) - set(learned_counts(suite))
    raise AssertionError(
        f"not caught up {timeout:.0f}s after the fault ended: {len(missing)} accepted projects "
        f"not learned by issues; pending per consumer {pending_per_consumer(suite.nats.url)}"
    )


@dataclass
class Figures:
    """Lost, duplicated and catch-up, from the client's outcomes and what was delivered."""

    test: str
    outcomes: list[Outcome]
    on_stream: Counter[str]
    learned: Counter[str]
    catch_up_s: float | None = None
    extra: dict[str, object] = field(default_factory=dict)

    @classmethod
    def collect(
        cls, test: str, suite: Suite, outcomes: list[Outcome], catch_up_s: float | None = None
    ) -> Figures:
        return cls(test, outcomes, stream_counts(suite.nats.url), learned_counts(suite), catch_up_s)

    @property
    def accepted(self) -> list[str]:
        return accepted_ids(self.outcomes)

    @property
    def lost(self) -> int:
        return sum(1 for p in self.accepted if not self.on_stream[p] or not self.learned[p])

    @property
    def duplicated(self) -> int:
        doubled = {p for p, n in self.on_stream.items() if n > 1}
        doubled |= {p for p, n in self.learned.items() if n > 1}
        return len(doubled)

    @property
    def unanswered_but_stored(self) -> int:
        """Committed commands whose answer the client never got (a kill mid-request)."""
        return len(set(self.on_stream) - set(self.accepted))

    def report(self, record_property: RecordProperty) -> None:
        """print() the figures (pytest -s) and add them to the test report."""
        values: dict[str, object] = {
            "sent": len(self.outcomes),
            "accepted": len(self.accepted),
            "lost": self.lost,
            "duplicated": self.duplicated,
            "catch_up_s": None if self.catch_up_s is None else round(self.catch_up_s, 2),
            "statuses": dict(sorted(status_counts(self.outcomes).items())),
            "stored_without_answer": self.unanswered_but_stored,
            "max_latency_s": round(
                max((o.answered_at - o.sent_at for o in self.outcomes), default=0), 2
            ),
            **self.extra,
        }
        line = f"{self.test}: " + ", ".join(f"{k}={v}" for k, v in values.items())
        REPORTED.append(line)
        print(f"\n[fault figures] {line}")
        for key, value in values.items():
            record_property(key, value)

    def assert_none_lost_or_duplicated(self) -> None:
        assert self.lost == 0, f"{self.lost} accepted commands lost"
        assert self.duplicated == 0, f"{self.duplicated} projects duplicated"
