"""Year-end scores recompute as published: notice versions recorded, old events still read."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event
from eventsourcing.utils import clear_topic_cache, register_topic

from assessment.application import Assessment
from assessment.application.figures import score_row
from assessment.domain.aggregates import YearAssessment
from servicekit.core.context import SYSTEM
from services.assessment.tests.assessment_feeding import Feeder, feed_done_when

OLD = "assessment.domain.aggregates:YearAssessment"


def year_assessment_as_released_in_v1() -> type[Aggregate]:
    """YearAssessment as stored before ``counted_notices`` existed (today's topics).

    Defined on call: defining it registers its topics, which would shadow today's class.
    """

    class YearAssessmentAsReleasedInV1(Aggregate):
        TOPIC = OLD

        @staticmethod
        def create_id(year: int, **_: Any) -> UUID:
            return YearAssessment.create_id(year)

        class Created(Aggregate.Created):
            TOPIC = f"{OLD}.Created"

        class Opened(Aggregate.Created):
            TOPIC = f"{OLD}.Opened"
            year: int

        @event(Opened)
        def __init__(self, year: int) -> None:
            self.year = year

        class Published(Aggregate.Event):
            TOPIC = f"{OLD}.Published"
            year: int
            assessment_version: int
            rows: list[dict[str, Any]]
            source_positions: dict[str, int]
            reason: str

        @event(Published)
        def publish(
            self,
            year: int,
            assessment_version: int,
            rows: list[dict[str, Any]],
            source_positions: dict[str, int],
            reason: str,
        ) -> None:
            self.rows = rows

    return YearAssessmentAsReleasedInV1


def rows_of(scores: list[Any]) -> list[dict[str, Any]]:
    return [score_row(s) for s in scores]


def test_a_later_notices_interviews_leave_published_scores_alone(
    app: Assessment, feeder: Feeder
) -> None:
    feed_done_when(feeder)
    for month in ("2026-01", "2026-02"):  # nothing, then reminders
        app.publish_notice(SYSTEM, month)
    published: dict[str, Any] = app.publish_assessment(SYSTEM, 2026).latest or {}
    assert published["counted_notices"] == app.notice_versions(2026)
    assert set(published["counted_notices"]) == {"2026-01", "2026-02"}
    app.publish_notice(SYSTEM, "2026-03")  # interviews, after the scores were published
    now, _ = app.year_scores(2026, published["source_positions"])
    assert rows_of(now) != published["rows"], "today's notices count March's interviews"
    again, _ = app.year_scores(2026, published["source_positions"], published["counted_notices"])
    assert rows_of(again) == published["rows"]
    assert rows_of(app.published_scores(2026)) == published["rows"]
    # A new publication counts the notices as they are now.
    reissued: dict[str, Any] = app.publish_assessment(SYSTEM, 2026, "计入3月约谈").latest or {}
    assert "2026-03" in reissued["counted_notices"]
    assert reissued["rows"] != published["rows"]
    assert rows_of(app.published_scores(2026, 1)) == published["rows"]
    assert rows_of(app.published_scores(2026, 2)) == reissued["rows"]


def test_an_assessment_stored_before_the_change_recomputes_as_of_its_publication(
    app: Assessment, feeder: Feeder
) -> None:
    feed_done_when(feeder)
    for month in ("2026-01", "2026-02"):
        app.publish_notice(SYSTEM, month)
    scores, positions = app.year_scores(2026)
    clear_topic_cache()  # the old code, as a process running it saw its topics
    old: Any = year_assessment_as_released_in_v1()
    for old_class in (old, old.Created, old.Opened, old.Published):
        register_topic(old_class.TOPIC, old_class)
    record = old(2026)
    record.publish(2026, 1, rows_of(scores), positions, "")
    app.save(record)
    clear_topic_cache()  # from here on, the topics resolve to today's classes
    app.publish_notice(SYSTEM, "2026-03")

    stored = app.year_assessment(2026)
    assert isinstance(stored, YearAssessment)
    published = stored.versions[0]
    assert published["counted_notices"] is None  # upcast: not recorded, not "no notices"
    assert published["rows"] == rows_of(scores)
    now, _ = app.year_scores(2026, positions)
    assert rows_of(now) != published["rows"]
    assert rows_of(app.published_scores(2026)) == published["rows"]
    reissued = app.publish_assessment(SYSTEM, 2026, "按新规则重新发布")
    assert reissued.versions[0] == published
    assert reissued.versions[1]["counted_notices"] == app.notice_versions(2026)
