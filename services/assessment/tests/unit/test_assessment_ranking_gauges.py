"""The ranking gauges: the latest published month's ranks and scores, by county."""

from __future__ import annotations

from prometheus_client import CollectorRegistry
from prometheus_client.exposition import generate_latest
from prometheus_client.parser import text_string_to_metric_families

from assessment.application import Assessment
from assessment.ranking_gauges import install_ranking_gauges
from servicekit.core.context import SYSTEM
from services.assessment.tests.assessment_feeding import (
    DONE_WHEN_MONTHLY,
    Feeder,
    feed_done_when,
)

Samples = dict[str, dict[tuple[str, str], float]]


def scrape(registry: CollectorRegistry) -> Samples:
    found: Samples = {}
    for family in text_string_to_metric_families(generate_latest(registry).decode()):
        for sample in family.samples:
            key = (sample.labels["county"], sample.labels["month"])
            found.setdefault(sample.name, {})[key] = sample.value
    return found


def test_nothing_published_exposes_no_ranks(app: Assessment, feeder: Feeder) -> None:
    feed_done_when(feeder)
    registry = CollectorRegistry()
    install_ranking_gauges(registry, app)
    assert scrape(registry) == {}  # the live ranking is not a published one


def test_the_latest_published_month_gives_ranks_and_scores(app: Assessment, feeder: Feeder) -> None:
    feed_done_when(feeder)
    registry = CollectorRegistry()
    install_ranking_gauges(registry, app)
    app.publish_notice(SYSTEM, "2026-01")
    assert {c for c, _ in scrape(registry)["kpd_county_rank"]} == set(DONE_WHEN_MONTHLY)
    march = app.publish_notice(SYSTEM, "2026-03")
    app.publish_notice(SYSTEM, "2026-02")  # published later, but an earlier month
    samples = scrape(registry)
    rows = march.versions[-1]["rows"]
    assert samples["kpd_county_rank"] == {(r["county"], "2026-03"): r["rank"] for r in rows}
    ranks = samples["kpd_county_rank"]
    assert ranks[("yaodu", "2026-03")] == 1  # 300 a month of a 1200 plan leads
    assert ranks[("quwo", "2026-03")] == len(rows)  # nothing reported: last
    assert samples["kpd_county_score"] == {
        (r["county"], "2026-03"): float(r["score"]) for r in rows
    }
