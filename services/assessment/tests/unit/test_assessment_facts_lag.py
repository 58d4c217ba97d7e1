"""The facts fold's lag: stored facts found unfolded, zero once folded, zero while idle."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Gauge

from assessment.application import Assessment
from assessment.metrics import FactsRefresher
from contracts.subjects import STREAMS
from services.assessment.tests.assessment_feeding import Feeder


def _gauge() -> Gauge:
    return Gauge("lag", "test", registry=CollectorRegistry())


def test_lag_counts_facts_waiting_then_falls_to_zero(app: Assessment, feeder: Feeder) -> None:
    lag = _gauge()
    refresher = FactsRefresher(app, lag)
    feeder.counties()

    refresher.refresh()
    assert lag._value.get() == 5  # five counties stored, none folded yet

    refresher.refresh()
    assert lag._value.get() == 0


def test_skipped_messages_do_not_count_as_lag(app: Assessment, feeder: Feeder) -> None:
    """Tracking far ahead of the facts (checkpoints and unused events skipped) is no lag."""
    feeder.counties()
    lag = _gauge()
    refresher = FactsRefresher(app, lag)
    refresher.refresh()
    stream = STREAMS["registry"]
    assert app.folded_positions()[stream] == 5
    feeder.seq[stream] += 100  # a hundred messages assessment tracked and skipped
    feeder.counties()

    refresher.refresh()
    refresher.refresh()
    assert lag._value.get() == 0
