"""Monthly ranking rules on the in-memory store, fed with contract events."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from assessment.application import Assessment
from assessment.application.figures import ranking_body
from contracts import registry as reg
from services.assessment.tests.assessment_feeding import Feeder, feed_done_when


def rows_by_county(app: Assessment, month: str) -> dict[str, dict[str, Any]]:
    ranking, _ = app.ranking(month)
    return {row["county"]: row for row in ranking_body(ranking)["rows"]}


def test_done_when_march_ranking(app: Assessment, feeder: Feeder) -> None:
    feed_done_when(feeder)
    ranking, positions = app.ranking("2026-03")
    body = ranking_body(ranking)
    assert [row["county"] for row in body["rows"]] == ["yaodu", "houma", "huozhou", "quwo"]
    assert [row["rank"] for row in body["rows"]] == [1, 2, 3, 4]
    rows = rows_by_county(app, "2026-03")
    assert Decimal(rows["yaodu"]["investment_rate"]) == Decimal("75")
    assert Decimal(rows["houma"]["investment_rate"]) == Decimal("12.5")
    assert Decimal(rows["huozhou"]["investment_rate"]) == Decimal("5")
    assert Decimal(rows["quwo"]["investment_rate"]) == Decimal("0")
    assert Decimal(body["schedule_pct"]) == Decimal("25")
    assert Decimal(rows["yaodu"]["schedule_gap_pp"]) == Decimal("50")
    assert Decimal(rows["houma"]["schedule_gap_pp"]) == Decimal("-12.5")
    assert [rows[c]["low"] for c in ("yaodu", "houma", "huozhou", "quwo")] == [
        False,
        True,
        True,
        True,
    ]
    assert body["unranked"] == [{"county": "jixian", "name": "吉县"}]
    assert positions == {"KPD_REGISTRY": feeder.seq["KPD_REGISTRY"]}


def test_january_schedule_is_one_twelfth_and_rates_exact(app: Assessment, feeder: Feeder) -> None:
    feed_done_when(feeder, months=("2026-01",))
    ranking, _ = app.ranking("2026-01")
    body = ranking_body(ranking)
    assert body["schedule_pct"] == "8.333333"
    rows = rows_by_county(app, "2026-01")
    assert rows["houma"]["investment_rate"] == "4.166667"
    assert rows["houma"]["low"] is True
    assert rows["yaodu"]["low"] is False


def test_a_correction_replaces_the_months_figure(app: Assessment, feeder: Feeder) -> None:
    projects = feed_done_when(feeder, months=("2026-01",))
    feeder.report(projects["quwo"], "quwo", "2026-01", "100")
    assert rows_by_county(app, "2026-01")["quwo"]["investment_completed"] == "100.0000"


def test_start_rate_not_applicable_before_any_project_is_due(
    app: Assessment, feeder: Feeder
) -> None:
    feeder.counties()
    feeder.project("yaodu", planned_start=date(2026, 6, 1))
    started = feeder.project("houma")
    feeder.feed(
        reg.ProjectStageChanged(
            project_id=started,
            county="houma",
            stage="started",
            previous_stage="preparation",
            on=date(2026, 2, 10),
        )
    )
    rows = rows_by_county(app, "2026-02")
    assert rows["yaodu"]["start_rate"] is None
    assert rows["yaodu"]["start_rate_applicable"] is False
    assert rows["houma"]["start_rate"] == "100.000000"
    assert rows_by_county(app, "2026-01")["houma"]["start_rate"] == "0.000000"


def test_ties_share_a_rank_and_a_county_on_schedule_is_never_low(
    app: Assessment, feeder: Feeder
) -> None:
    feeder.counties()
    projects = {c: feeder.project(c) for c in ("yaodu", "houma", "huozhou", "quwo")}
    for county in ("yaodu", "houma", "huozhou", "quwo"):
        feeder.report(projects[county], county, "2026-01", "100")
    rows = rows_by_county(app, "2026-01")
    assert {row["rank"] for row in rows.values()} == {1}
    assert not any(row["low"] for row in rows.values())


def test_confirmed_list_is_what_counts(app: Assessment, feeder: Feeder) -> None:
    feeder.counties()
    kept = feeder.project("yaodu")
    feeder.project("houma")
    feeder.feed(reg.KeyListConfirmed(year=2026, project_ids=[kept], confirmed_on=date(2026, 2, 1)))
    assert set(rows_by_county(app, "2026-02")) == {"yaodu"}
