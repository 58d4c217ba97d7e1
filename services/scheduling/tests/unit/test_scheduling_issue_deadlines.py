"""The deadlines scheduling watches follow the issues service: extended or recounted."""

from __future__ import annotations

from datetime import date

from contracts.issues import ExtensionGranted, IssueDeadlineRecomputed, IssueRaised
from scheduling.application import Scheduling
from scheduling.domain import WatchedIssue
from services.scheduling.tests.conftest import Feed

RAISED = IssueRaised(
    issue_id="iss-1", project_id="p-1", county="jixian", category="land",
    title="用地报批滞后", level="county", assignee="jixian",
    deadline=date(2027, 1, 8), raised_on=date(2026, 12, 28), source="county",
)  # fmt: skip


def deadline_of(app: Scheduling) -> date:
    issue = app.find(WatchedIssue, WatchedIssue.create_id("iss-1"))
    assert issue is not None
    return issue.deadline


def test_a_recounted_deadline_replaces_the_provisional_one(app: Scheduling, feed: Feed) -> None:
    feed(RAISED)
    assert deadline_of(app) == date(2027, 1, 8)
    recounted = IssueDeadlineRecomputed(
        issue_id="iss-1", project_id="p-1", county="jixian", previous_deadline=date(2027, 1, 8),
        deadline=date(2027, 1, 11), provisional=False, on=date(2026, 12, 29),
    )  # fmt: skip
    feed(recounted)
    assert deadline_of(app) == date(2027, 1, 11)
    extended = ExtensionGranted(
        issue_id="iss-1", working_days=2, deadline=date(2027, 1, 13), on=date(2027, 1, 4)
    )
    feed(extended)
    assert deadline_of(app) == date(2027, 1, 13)
