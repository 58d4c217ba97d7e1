"""The latest published monthly ranking (排名) as gauges: rank and score by county.

Read from the log's published notices at scrape time — a published notice is the
office's figure, where the live ranking (``GET /v1/rankings``) still moves as
reports arrive. The collector reads only the notices published since its last
scrape, so a scrape stays cheap however long the log grows.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from weakref import WeakKeyDictionary

from eventsourcing.utils import get_topic
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector, CollectorRegistry

from assessment.application import Assessment
from assessment.domain.aggregates import Notice

PUBLISHED_TOPIC = get_topic(Notice.Published)
BATCH = 500

_INSTALLED: WeakKeyDictionary[CollectorRegistry, RankingGauges] = WeakKeyDictionary()


class RankingGauges(Collector):
    def __init__(self, app: Assessment) -> None:
        self._lock = threading.Lock()
        self.read_from(app)

    def read_from(self, app: Assessment) -> None:
        """Start over on ``app``'s log (a restarted lifespan builds a new application)."""
        with self._lock:
            self.app = app
            self._position = 0
            # month → the rows of its newest published version (a re-issue replaces them)
            self._rows: dict[str, list[dict[str, Any]]] = {}

    def _catch_up(self) -> None:
        while True:
            batch = self.app.recorder.select_notifications(
                start=self._position,
                limit=BATCH,
                topics=(PUBLISHED_TOPIC,),
                inclusive_of_start=False,
            )
            if not batch:
                return
            for notification in batch:
                published = self.app.mapper.to_domain_event(notification)
                assert isinstance(published, Notice.Published)
                self._rows[published.month] = published.rows
                self._position = notification.id

    def collect(self) -> Iterator[GaugeMetricFamily]:
        rank = GaugeMetricFamily(
            "kpd_county_rank",
            "Counties' rank in the latest published monthly notice (1 is first)",
            labels=["county", "month"],
        )
        score = GaugeMetricFamily(
            "kpd_county_score",
            "Counties' composite score (points) in the latest published monthly notice",
            labels=["county", "month"],
        )
        try:
            with self._lock:
                self._catch_up()
                latest = max(self._rows, default=None)
                rows = self._rows.get(latest, []) if latest else []
        except Exception:  # a scrape must not fail because the event store is away
            return
        for row in rows:
            labels = [str(row["county"]), str(latest)]
            rank.add_metric(labels, int(row["rank"]))
            score.add_metric(labels, float(Decimal(str(row["score"]))))
        yield rank
        yield score

    def describe(self) -> Iterator[GaugeMetricFamily]:
        return iter(())


def install_ranking_gauges(registry: CollectorRegistry, app: Assessment) -> RankingGauges:
    """Register once per registry; a later install (lifespan restarted) reads the new app."""
    found = _INSTALLED.get(registry)
    if found is None:
        found = _INSTALLED[registry] = RankingGauges(app)
        registry.register(found)
    else:
        found.read_from(app)
    return found
