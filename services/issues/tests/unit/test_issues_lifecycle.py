"""Lifecycle: who may act at each step, what each step allows, the project unit's verdict."""

from __future__ import annotations

from datetime import date

import pytest

from issues.application import Issues
from issues.domain import IllegalTransitionError, InvalidIssueInputError, NotPermittedError
from services.issues.tests.unit.issues_support import COUNTY, OFFICE, UNIT, RaiseFn, acting

NATURAL_RESOURCES = acting("department", "natural_resources")


def test_only_the_assignee_resolves_and_only_the_project_unit_confirms(
    app: Issues, raise_issue: RaiseFn
) -> None:
    issue = raise_issue()
    for outsider in (acting("department", "finance"), acting("county", "houma"), OFFICE, UNIT):
        with pytest.raises(NotPermittedError):
            app.resolve(outsider, issue.id, resolution="已解决", on=date(2025, 10, 9))
    app.resolve(COUNTY, issue.id, resolution="已解决", on=date(2025, 10, 9))
    app.follow_up(COUNTY, issue.id, note="回访", on=date(2025, 10, 10))
    for outsider in (COUNTY, OFFICE, acting("project_unit", "unit-other")):
        with pytest.raises(NotPermittedError):
            app.confirm(outsider, issue.id, satisfied=True, comment="", on=date(2025, 10, 10))
    closed = app.confirm(UNIT, issue.id, satisfied=True, comment="满意", on=date(2025, 10, 13))
    assert (closed.status, closed.closed_on) == ("closed", date(2025, 10, 13))


def test_unsatisfied_reopens_with_a_fresh_deadline(app: Issues, raise_issue: RaiseFn) -> None:
    issue = raise_issue()
    app.resolve(COUNTY, issue.id, resolution="已协调", on=date(2025, 10, 9))
    app.follow_up(COUNTY, issue.id, note="回访", on=date(2025, 10, 10))
    reopened = app.confirm(UNIT, issue.id, satisfied=False, comment="未落实", on=date(2025, 10, 10))
    assert reopened.status == "reopened"
    # Saturday 10-11 is a make-up working day: the 10th working day after 10-10 is 10-23.
    assert reopened.deadline == date(2025, 10, 23)
    with pytest.raises(IllegalTransitionError):
        app.follow_up(COUNTY, issue.id, note="again", on=date(2025, 10, 13))
    assert (
        app.report_progress(
            COUNTY, issue.id, note="重新协调", substantive=True, on=date(2025, 10, 13)
        ).status
        == "in_progress"
    )


def test_illegal_transitions_say_why(app: Issues, raise_issue: RaiseFn) -> None:
    issue = raise_issue()
    with pytest.raises(IllegalTransitionError, match="follow up"):
        app.follow_up(COUNTY, issue.id, note="too early", on=date(2025, 9, 29))
    with pytest.raises(IllegalTransitionError, match="confirm"):
        app.confirm(UNIT, issue.id, satisfied=True, comment="", on=date(2025, 9, 29))
    with pytest.raises(InvalidIssueInputError):
        app.resolve(COUNTY, issue.id, resolution="x", on=date(2025, 9, 1))


def test_late_follow_up_is_recorded_late(app: Issues, raise_issue: RaiseFn) -> None:
    issue = raise_issue()
    app.resolve(COUNTY, issue.id, resolution="已解决", on=date(2025, 9, 29))
    # Three working days after Monday 09-29 end on 10-10 (10-01 … 10-08 off); the
    # make-up Saturday 10-11 is already the fourth.
    on_time = app.follow_up(COUNTY, issue.id, note="回访", on=date(2025, 10, 10))
    assert list(app.events.get(on_time.id))[-1].late is False  # type: ignore[attr-defined]
    second = raise_issue()
    app.resolve(COUNTY, second.id, resolution="已解决", on=date(2025, 9, 29))
    app.follow_up(COUNTY, second.id, note="回访", on=date(2025, 10, 11))
    assert list(app.events.get(second.id))[-1].late is True  # type: ignore[attr-defined]


def test_responsible_department_reports_progress_but_does_not_resolve_at_county_level(
    app: Issues, raise_issue: RaiseFn
) -> None:
    issue = raise_issue()
    app.report_progress(
        NATURAL_RESOURCES, issue.id, note="指导", substantive=True, on=date(2025, 9, 29)
    )
    with pytest.raises(NotPermittedError):
        app.resolve(NATURAL_RESOURCES, issue.id, resolution="x", on=date(2025, 9, 30))


def test_extension_needs_notice_and_the_level_above(app: Issues, raise_issue: RaiseFn) -> None:
    issue = raise_issue()  # due 2025-10-16 at county level
    with pytest.raises(IllegalTransitionError, match="working day"):
        app.ask_extension(COUNTY, issue.id, working_days=5, reason="待省厅", on=date(2025, 10, 16))
    asked = app.ask_extension(
        COUNTY, issue.id, working_days=5, reason="待省厅", on=date(2025, 10, 15)
    )
    assert asked.pending_extension is not None
    with pytest.raises(NotPermittedError):
        app.decide_extension(COUNTY, issue.id, granted=True, comment="", on=date(2025, 10, 15))
    granted = app.decide_extension(
        NATURAL_RESOURCES, issue.id, granted=True, comment="同意", on=date(2025, 10, 15)
    )
    assert granted.deadline == date(2025, 10, 23)
    assert granted.pending_extension is None


def test_office_escalates_manually_and_the_top_cannot_be_passed(
    app: Issues, raise_issue: RaiseFn
) -> None:
    issue = raise_issue()
    with pytest.raises(NotPermittedError):
        app.escalate(COUNTY, issue.id, reason="难点", on=date(2025, 9, 29))
    for level in ("department", "subcommand", "hq", "city_leadership"):
        assert (
            app.escalate(OFFICE, issue.id, reason="重大难点", on=date(2025, 9, 29)).level == level
        )
    with pytest.raises(IllegalTransitionError):
        app.escalate(OFFICE, issue.id, reason="再升", on=date(2025, 9, 29))
    assert app.get_issue(issue.id).assignee == "city_leadership"


def test_counterpart_must_be_the_departments_attachment_entry(
    app: Issues, raise_issue: RaiseFn
) -> None:
    issue = raise_issue()
    with pytest.raises(InvalidIssueInputError):
        app.record_counterpart(
            NATURAL_RESOURCES, issue.id, counterpart="省财政厅", note="", on=date(2025, 9, 29)
        )
    recorded = app.record_counterpart(
        NATURAL_RESOURCES, issue.id, counterpart="省自然资源厅", note="对接", on=date(2025, 9, 29)
    )
    assert recorded.counterparts[0][:2] == ("natural_resources", "省自然资源厅")
    assert recorded.deadline == date(2025, 10, 16)  # the clock does not stop
