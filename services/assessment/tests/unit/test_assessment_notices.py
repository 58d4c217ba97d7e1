"""Notices: frozen rankings, consequences, re-issue, and reproducibility from recorded positions."""

from __future__ import annotations

from typing import Any

import pytest

from assessment.application import Assessment
from assessment.application.figures import ranking_body
from assessment.domain import AlreadyPublishedError
from assessment.translation import translate
from contracts import assessment as contract
from servicekit.core.context import SYSTEM
from services.assessment.tests.assessment_feeding import Feeder, feed_done_when

LAGGARDS = ["houma", "huozhou", "quwo"]


def published_events(app: Assessment) -> list[Any]:
    events = [app.mapper.to_domain_event(n) for n in app.recorder.select_notifications(0, 10_000)]
    return [payload for payload in map(translate, events) if payload is not None]


def test_jan_feb_mar_give_nothing_then_reminders_then_interviews(
    app: Assessment, feeder: Feeder
) -> None:
    feed_done_when(feeder)
    kinds = {}
    for month in ("2026-01", "2026-02", "2026-03"):
        notice = app.publish_notice(SYSTEM, month)
        kinds[month] = {(c["county"], c["kind"]) for c in notice.versions[-1]["consequences"]}
    assert kinds["2026-01"] == set()
    assert kinds["2026-02"] == {(c, "reminder") for c in LAGGARDS}
    assert kinds["2026-03"] == {(c, "interview") for c in LAGGARDS}
    events = published_events(app)
    reminded = [e for e in events if isinstance(e, contract.CountyReminded)]
    interviews = [e for e in events if isinstance(e, contract.CountyInterviewRequired)]
    assert sorted(e.county for e in reminded) == LAGGARDS
    assert {(e.county, e.month, e.reason) for e in interviews} == {
        (c, "2026-03", "three_consecutive_low") for c in LAGGARDS
    }
    notices = [e for e in events if isinstance(e, contract.NoticePublished)]
    assert [n.month for n in notices] == ["2026-01", "2026-02", "2026-03"]
    assert notices[-1].rows[0].county == "yaodu"
    assert notices[-1].source_positions == {"KPD_REGISTRY": feeder.seq["KPD_REGISTRY"]}


def test_low_again_within_two_months_of_a_reminder_is_an_interview(
    app: Assessment, feeder: Feeder
) -> None:
    projects = feed_done_when(feeder, months=("2026-01", "2026-02"))
    app.publish_notice(SYSTEM, "2026-01")
    app.publish_notice(SYSTEM, "2026-02")  # reminders
    # March: houma catches up (not low), April: low again → interview after reminder.
    feeder.report(projects["houma"], "houma", "2026-03", "200")  # exactly 序时
    for county in ("yaodu", "huozhou", "quwo"):
        feeder.report(projects[county], county, "2026-03", "300" if county == "yaodu" else "0")
    march = app.publish_notice(SYSTEM, "2026-03")
    assert "houma" not in {c["county"] for c in march.versions[-1]["consequences"]}
    for county in ("yaodu", "huozhou", "quwo"):
        feeder.report(projects[county], county, "2026-04", "300" if county == "yaodu" else "0")
    april = app.publish_notice(SYSTEM, "2026-04")
    houma = [c for c in april.versions[-1]["consequences"] if c["county"] == "houma"]
    assert houma == [{"county": "houma", "kind": "interview", "reason": "low_after_reminder"}]


def test_second_publication_needs_a_reason_and_keeps_both_versions(
    app: Assessment, feeder: Feeder
) -> None:
    projects = feed_done_when(feeder)
    app.publish_notice(SYSTEM, "2026-01")
    app.publish_notice(SYSTEM, "2026-02")
    with pytest.raises(AlreadyPublishedError):
        app.publish_notice(SYSTEM, "2026-02")
    feeder.report(projects["quwo"], "quwo", "2026-02", "200")  # a correction after publishing
    frozen = app.notice("2026-02")
    assert frozen is not None
    assert [
        r["investment_completed"] for r in frozen.versions[0]["rows"] if r["county"] == "quwo"
    ] == ["0.0000"]
    reissued = app.publish_notice(SYSTEM, "2026-02", "曲沃县更正2月投资")
    assert len(reissued.versions) == 2
    assert reissued.versions[0]["rows"] == frozen.versions[0]["rows"]
    quwo = next(r for r in reissued.versions[1]["rows"] if r["county"] == "quwo")
    assert quwo["investment_completed"] == "200.0000"
    # Reminders already issued for the month are not issued twice.
    reminders = [c for c in reissued.consequences_issued if c["kind"] == "reminder"]
    assert len(reminders) == len({c["county"] for c in reminders})


def test_recomputing_from_recorded_positions_gives_the_published_figures(
    app: Assessment, feeder: Feeder
) -> None:
    projects = feed_done_when(feeder)
    notice = app.publish_notice(SYSTEM, "2026-03")
    published = notice.versions[-1]
    # Later history: corrections and a new county's project.
    feeder.report(projects["quwo"], "quwo", "2026-03", "900")
    feeder.project("jixian")
    current = ranking_body(app.ranking("2026-03")[0])
    assert current["rows"] != published["rows"]
    recomputed = ranking_body(app.ranking_at("2026-03", published["source_positions"]))
    assert recomputed["rows"] == published["rows"]
    assert recomputed["unranked"] == published["unranked"]
