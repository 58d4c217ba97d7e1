"""The issue deadlines assessment counts from follow the issues service's recounts."""

from __future__ import annotations

from datetime import date

from assessment.domain.facts import CONSUMED_EVENT_TYPES, Facts

RAISED = {
    "issue_id": "iss-1", "project_id": "p-1", "county": "jixian", "level": "county",
    "assignee": "jixian", "title": "用地报批滞后", "deadline": "2027-01-08",
    "raised_on": "2026-12-28",
}  # fmt: skip


def test_a_recounted_deadline_is_the_one_overdue_is_judged_by() -> None:
    assert "IssueDeadlineRecomputed" in CONSUMED_EVENT_TYPES["issues"]
    facts = Facts()
    facts.apply("KPD_ISSUES", 1, "IssueRaised", RAISED)
    recounted = {
        "issue_id": "iss-1", "previous_deadline": "2027-01-08", "deadline": "2027-01-11",
        "provisional": False, "on": "2026-12-29",
    }  # fmt: skip
    facts.apply("KPD_ISSUES", 2, "IssueDeadlineRecomputed", recounted)
    assert facts.issues["iss-1"].deadline == date(2027, 1, 11)
    assert facts.positions["KPD_ISSUES"] == 2
