"""The issue page tells a recounted deadline in words: old date, new date, whether it
is still provisional, and that the system did it."""

from __future__ import annotations

from workbench.pages.issue_history import history_lines


def test_a_recounted_deadline_reads_as_a_sentence() -> None:
    entry = {
        "event": "DeadlineRecomputed",
        "at": "2026-12-29T01:00:00+00:00",
        "role": None,
        "data": {
            "previous_deadline": "2027-01-08", "deadline": "2027-01-11",
            "counted_from": "2026-12-28", "counted_days": 10, "fallback_years": [],
            "on": "2026-12-29",
        },
    }  # fmt: skip
    [line] = history_lines([entry], str)
    assert line.title == "期限重算"
    assert line.description == "节假日安排载入后重算期限：2027-01-08 → 2027-01-11"
    assert (line.who, line.on) == ("系统自动", "2026-12-29")
    still = {**entry, "data": {**entry["data"], "fallback_years": [2028]}}
    assert history_lines([still], str)[0].description.endswith("（仍为暂定）")
