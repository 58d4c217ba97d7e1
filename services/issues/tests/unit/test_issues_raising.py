"""Raising: the deadline in statutory working days, the duty matrix, who may raise."""

from __future__ import annotations

from datetime import date

import pytest

from issues.application import Issues
from issues.domain import InvalidIssueInputError, NotPermittedError
from servicekit.core.context import SYSTEM
from services.issues.tests.unit.issues_support import COUNTY, UNIT, RaiseFn


def test_raised_on_friday_before_national_day_is_due_ten_working_days_later(
    raise_issue: RaiseFn,
) -> None:
    issue = raise_issue(date(2025, 9, 26))
    # 09-28 and 10-11 are make-up working days; 10-01 … 10-08 are holidays.
    assert issue.deadline == date(2025, 10, 16)
    assert (issue.level, issue.assignee, issue.status) == ("county", "yaodu", "assigned")


def test_deadline_across_new_year_counts_the_make_up_sunday(raise_issue: RaiseFn) -> None:
    # 2026-01-01..03 off, Sunday 01-04 worked: the 10th working day is 01-15.
    assert raise_issue(date(2025, 12, 31)).deadline == date(2026, 1, 15)


def test_deadline_into_an_uncovered_year_falls_back_to_monday_to_friday(
    raise_issue: RaiseFn,
) -> None:
    # 2027 is not in the installed calendar: Friday 2027-01-01 counts as a working day.
    assert raise_issue(date(2026, 12, 24)).deadline == date(2027, 1, 7)


@pytest.mark.parametrize(
    ("category", "department"),
    [
        ("land", "natural_resources"),
        ("forest_land", "natural_resources"),
        ("funding", "finance"),
        ("energy_quota", "energy"),
        ("power_connection", "state_grid_linfen"),
        ("land_acquisition_demolition", "natural_resources"),
        ("other", "transport"),
    ],
)
def test_category_routes_through_the_duty_matrix(
    raise_issue: RaiseFn, category: str, department: str
) -> None:
    assert raise_issue(category=category).responsible_department == department


def test_unknown_project_or_category_is_refused_naming_the_field(app: Issues) -> None:
    with pytest.raises(InvalidIssueInputError) as unknown:
        app.raise_issue(
            UNIT, project_id="nope", category="land", title="t", description="",
            raised_by="project_unit", raised_on=date(2025, 9, 26),
        )  # fmt: skip
    assert unknown.value.field == "project_id"
    with pytest.raises(InvalidIssueInputError) as category:
        app.raise_issue(
            UNIT, project_id="p-yaodu-001", category="weather", title="t", description="",
            raised_by="project_unit", raised_on=date(2025, 9, 26),
        )  # fmt: skip
    assert category.value.field == "category"


def test_raising_as_another_kind_than_the_token_role_is_refused(app: Issues) -> None:
    with pytest.raises(NotPermittedError):
        app.raise_issue(
            UNIT, project_id="p-yaodu-001", category="land", title="t", description="",
            raised_by="county", raised_on=date(2025, 9, 26),
        )  # fmt: skip


def test_county_may_start_one_level_higher_with_a_reason(raise_issue: RaiseFn) -> None:
    issue = raise_issue(raised_by="county", start_level="department", start_reason="超出县级权限")
    assert (issue.level, issue.assignee) == ("department", "natural_resources")
    with pytest.raises(InvalidIssueInputError):
        raise_issue(raised_by="county", start_level="department")
    with pytest.raises(NotPermittedError):
        raise_issue(start_level="department", start_reason="x")
    assert COUNTY.actorunit == "yaodu"


def test_a_meeting_decision_becomes_an_issue_once(app: Issues) -> None:
    fields = {
        "meeting_id": "topical.investment_transport.2025-10",
        "decision_id": "d-1",
        "text": "市规划和自然资源局牵头解决用地报批",
        "assignee": "natural_resources",
        "deadline_working_days": 5,
        "project_id": "p-yaodu-001",
        "county": "yaodu",
        "held_on": date(2025, 9, 26),
    }
    issue = app.issue_from_decision(SYSTEM, **fields)
    assert issue is not None
    app.save(issue)
    assert (issue.source, issue.level, issue.assignee) == (
        "meeting",
        "department",
        "natural_resources",
    )
    assert issue.deadline == date(2025, 10, 10)  # 09-28 (make-up), 09-29, 09-30, 10-09, 10-10
    assert app.issue_from_decision(SYSTEM, **fields) is None
    to_county = app.issue_from_decision(
        SYSTEM, **{**fields, "decision_id": "d-2", "assignee": "yaodu"}
    )
    assert to_county is not None
    assert (to_county.level, to_county.assignee) == ("county", "yaodu")
