"""Meetings: minutes and decisions, moves and cancellations, interviews, ad-hoc meetings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from contracts.assessment import CountyInterviewRequired
from contracts.base import EventData
from contracts.scheduling import DecisionAssigned, InterviewScheduled, MeetingHeld
from scheduling.application import Scheduling
from scheduling.domain import InvalidCommandError, SchedulingError, chair_side_may_act
from scheduling.translation import translate
from servicekit.calendar import WorkingDayCalendar
from servicekit.core.context import SYSTEM

TOPICAL = "topical.investment_transport.2025-06"
DECISION = {
    "text": "协调解决项目用地报批",
    "assignee": "natural_resources",
    "deadline_working_days": 10,
    "project_id": None,
    "county": "yaodu",
}


def _published(app: Scheduling, after: int = 0) -> list[EventData]:
    out = []
    for n in app.recorder.select_notifications(after + 1, 10_000):
        payload = translate(app.mapper.to_domain_event(n))
        if payload is not None:
            out.append(payload)
    return out


def test_minutes_with_an_assigning_decision_emit_decision_assigned(app: Scheduling) -> None:
    app.generate_year(SYSTEM, 2025)
    mark = app.max_notification_id()
    meeting = app.meeting(TOPICAL)
    agenda = [{"kind": "issue", "issue_id": "iss-1", "text": "x"}]
    note = {"text": "会议听取了汇报"}
    app.record_minutes(
        SYSTEM,
        meeting,
        held_on=date(2025, 6, 24),
        attendees=["胡晓刚", "市交通运输局"],
        decisions=[DECISION, note],
        agenda=agenda,
    )
    published = _published(app, mark)
    held = [p for p in published if isinstance(p, MeetingHeld)]
    assigned = [p for p in published if isinstance(p, DecisionAssigned)]
    assert len(held) == 1
    assert held[0].decisions == 2
    assert held[0].issues_discussed == ["iss-1"]
    assert held[0].subcommand == "investment_transport"
    assert len(assigned) == 1
    assert assigned[0].assignee == "natural_resources"
    assert assigned[0].decision_id == f"{TOPICAL}.d1"
    assert assigned[0].meeting_id == TOPICAL
    assert app.meeting(TOPICAL).agenda == agenda


def test_a_held_meeting_cannot_be_held_moved_or_cancelled_again(app: Scheduling) -> None:
    app.generate_year(SYSTEM, 2025)
    meeting = app.meeting(TOPICAL)
    app.record_minutes(
        SYSTEM, meeting, held_on=date(2025, 6, 24), attendees=[], decisions=[], agenda=[]
    )
    with pytest.raises(SchedulingError):
        app.cancel(SYSTEM, app.meeting(TOPICAL), "取消")
    with pytest.raises(SchedulingError):
        app.reschedule(SYSTEM, app.meeting(TOPICAL), date(2025, 6, 26), "改期")
    with pytest.raises(SchedulingError):
        app.record_minutes(
            SYSTEM,
            app.meeting(TOPICAL),
            held_on=date(2025, 6, 25),
            attendees=[],
            decisions=[],
            agenda=[],
        )


def test_an_unknown_assignee_is_refused_naming_the_field(app: Scheduling) -> None:
    app.generate_year(SYSTEM, 2025)
    with pytest.raises(InvalidCommandError) as refused:
        app.record_minutes(
            SYSTEM,
            app.meeting(TOPICAL),
            held_on=date(2025, 6, 24),
            attendees=[],
            decisions=[{**DECISION, "assignee": "atlantis"}],
            agenda=[],
        )
    assert refused.value.field == "decisions.0.assignee"


def test_reschedule_and_cancel_keep_their_reasons(app: Scheduling) -> None:
    app.generate_year(SYSTEM, 2025)
    moved = app.reschedule(SYSTEM, app.meeting(TOPICAL), date(2025, 6, 26), "与省会冲突")
    assert moved.date == date(2025, 6, 26)
    cancelled = app.cancel(SYSTEM, app.meeting(TOPICAL), "并入调度会议")
    assert cancelled.status == "cancelled"
    assert [h["reason"] for h in cancelled.history] == ["与省会冲突", "并入调度会议"]


def test_interview_required_schedules_one_interview_meeting(
    app: Scheduling, feed: Callable[[EventData], None]
) -> None:
    mark = app.max_notification_id()
    required = CountyInterviewRequired(
        county="daning", month="2025-05", reason="three_consecutive_low"
    )
    feed(required)
    feed(required)  # a second notice version requiring the same interview adds nothing
    meeting = app.meeting("interview.daning.2025-05")
    assert meeting.series == "interview"
    assert meeting.county == "daning"
    assert meeting.chair.startswith("王延峰")
    # required on 2025-06-03 (the event's business date) + 5 working days
    assert meeting.date == WorkingDayCalendar().add_working_days(date(2025, 6, 3), 5).date
    interviews = [p for p in _published(app, mark) if isinstance(p, InterviewScheduled)]
    assert [(i.county, i.month) for i in interviews] == [("daning", "2025-05")]


def test_only_the_chairs_side_or_the_office_may_act(app: Scheduling) -> None:
    app.generate_year(SYSTEM, 2025)
    topical = app.meeting(TOPICAL)
    county = app.meeting("county.yaodu.2025-06")
    assert chair_side_may_act(topical, "office", None)
    assert chair_side_may_act(topical, "subcommand_commander", "investment_transport")
    assert not chair_side_may_act(topical, "subcommand_commander", "livelihood")
    assert not chair_side_may_act(topical, "county", "yaodu")
    assert chair_side_may_act(county, "county", "yaodu")
    assert not chair_side_may_act(county, "county", "houma")
    assert chair_side_may_act(app.meeting("plenary.2025-01"), "commander", None)
    assert not chair_side_may_act(app.meeting("plenary.2025-01"), "department", "ndrc")


def test_an_adhoc_meeting_can_be_convened_at_any_level(app: Scheduling) -> None:
    meeting = app.convene(
        SYSTEM,
        title="汾河治理专题协调会",
        chair="乔飞鸿",
        on=date(2025, 3, 8),
        level="subcommand",
        subcommand="ecology_education_agri_water",
    )
    assert meeting.series == "adhoc"
    assert meeting.month == "2025-03"
    with pytest.raises(InvalidCommandError):
        app.convene(
            SYSTEM, title="x", chair="y", on=date(2025, 3, 8), level="county", county="nowhere"
        )
