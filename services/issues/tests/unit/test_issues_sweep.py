"""The sweep: deadline escalation, 13710 supervision entry and missed limits; idempotent."""

from __future__ import annotations

from datetime import date

from issues.application import Issues
from issues.translation import make_translator
from servicekit.core.context import SYSTEM
from services.issues.tests.unit.issues_support import COUNTY, OFFICE, UNIT, RaiseFn


def test_sweep_escalates_only_after_the_deadline_and_only_once(
    app: Issues, raise_issue: RaiseFn
) -> None:
    issue = raise_issue(date(2025, 9, 26))
    assert app.sweep(SYSTEM, date(2025, 10, 15)).escalated == []
    assert app.sweep(SYSTEM, date(2025, 10, 16)).escalated == []
    report = app.sweep(SYSTEM, date(2025, 10, 17))
    assert report.escalated == [
        {
            "issue_id": str(issue.id),
            "from_level": "county",
            "to_level": "department",
            "assignee": "natural_resources",
            "deadline": "2025-10-31",
        }
    ]
    again = app.sweep(SYSTEM, date(2025, 10, 17))
    assert (again.escalated, again.supervised, again.supervision_breaches) == ([], [], [])
    assert app.get_issue(issue.id).level == "department"


def test_resolved_issues_are_not_escalated(app: Issues, raise_issue: RaiseFn) -> None:
    issue = raise_issue()
    app.resolve(COUNTY, issue.id, resolution="已解决", on=date(2025, 10, 16))
    assert app.sweep(SYSTEM, date(2025, 10, 20)).escalated == []


def test_no_substantive_progress_for_over_a_month_enters_supervision(
    app: Issues, raise_issue: RaiseFn
) -> None:
    issue = raise_issue(date(2025, 9, 26))
    app.report_progress(COUNTY, issue.id, note="催办", substantive=False, on=date(2025, 10, 9))
    assert app.sweep(SYSTEM, date(2025, 10, 26)).supervised == []  # exactly 30 days
    report = app.sweep(SYSTEM, date(2025, 10, 27))
    assert report.supervised == [{"issue_id": str(issue.id), "reason": "stalled"}]
    supervised = app.get_issue(issue.id)
    assert supervised.supervision is not None
    assert supervised.supervision.since == date(2025, 10, 27)
    assert app.sweep(SYSTEM, date(2025, 10, 27)).supervised == []


def test_substantive_progress_restarts_the_stall_clock(app: Issues, raise_issue: RaiseFn) -> None:
    issue = raise_issue(date(2025, 9, 26))
    app.report_progress(COUNTY, issue.id, note="已上会", substantive=True, on=date(2025, 10, 20))
    assert app.sweep(SYSTEM, date(2025, 11, 3)).supervised == []


def test_two_dispatch_meetings_unresolved_enter_supervision(
    app: Issues, raise_issue: RaiseFn
) -> None:
    issue = raise_issue(date(2025, 9, 26))
    for meeting_id, held_on in (("m-1", date(2025, 9, 26)), ("m-2", date(2025, 10, 14))):
        app.save(app.record_dispatch_meeting(SYSTEM, meeting_id=meeting_id, held_on=held_on))
    assert app.sweep(SYSTEM, date(2025, 10, 14)).supervised == []  # the raising day's meeting
    app.save(app.record_dispatch_meeting(SYSTEM, meeting_id="m-3", held_on=date(2025, 10, 15)))
    report = app.sweep(SYSTEM, date(2025, 10, 15))
    assert report.supervised == [{"issue_id": str(issue.id), "reason": "dispatch_meetings"}]


def test_missed_13710_limits_are_events_once_each(app: Issues, raise_issue: RaiseFn) -> None:
    issue = raise_issue(date(2025, 9, 26))
    app.supervise(OFFICE, issue.id, major=False, on=date(2025, 10, 9))
    assert app.sweep(SYSTEM, date(2025, 10, 12)).supervision_breaches == []  # report due 10-12
    breaches = app.sweep(SYSTEM, date(2025, 10, 13)).supervision_breaches
    assert breaches == [{"issue_id": str(issue.id), "limit": "report", "due": "2025-10-12"}]
    later = app.sweep(SYSTEM, date(2025, 10, 17)).supervision_breaches
    assert [b["limit"] for b in later] == ["resolve_ordinary"]
    assert app.sweep(SYSTEM, date(2025, 10, 17)).supervision_breaches == []


def test_closing_a_supervised_item_and_rating_it(app: Issues, raise_issue: RaiseFn) -> None:
    issue = raise_issue(date(2025, 9, 26))
    app.supervise(OFFICE, issue.id, major=True, on=date(2025, 9, 29))
    app.report_progress(COUNTY, issue.id, note="部署", substantive=True, on=date(2025, 9, 30))
    app.resolve(COUNTY, issue.id, resolution="已解决", on=date(2025, 10, 9))
    app.follow_up(COUNTY, issue.id, note="回访", on=date(2025, 10, 10))
    app.confirm(UNIT, issue.id, satisfied=True, comment="满意", on=date(2025, 10, 10))
    assert app.sweep(SYSTEM, date(2025, 11, 30)).supervision_breaches == []
    rated = app.rate_supervision(OFFICE, issue.id, rating="优秀", on=date(2025, 10, 11))
    assert rated.supervision is not None
    assert rated.supervision.rating == "优秀"


def test_every_published_event_names_project_and_county(app: Issues, raise_issue: RaiseFn) -> None:
    issue = raise_issue(date(2025, 9, 26))
    app.sweep(SYSTEM, date(2025, 10, 17))
    translate = make_translator(app)
    payloads = [translate(e) for e in app.events.get(issue.id)]
    names = [type(p).__name__ for p in payloads if p is not None]
    assert names == ["IssueRaised", "IssueEscalated"]
    escalated = payloads[-1]
    assert escalated is not None
    assert escalated.model_dump()["project_id"] == "p-yaodu-001"
    assert escalated.model_dump()["county"] == "yaodu"
