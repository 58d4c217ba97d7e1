"""What the notify service does when other services' events arrive.

Each handler saves once with the message's tracking — the facts learned and
the notifications they cause together, or nothing when it changes nothing —
so a redelivered message is skipped, and each is idempotent besides (a
notification's id is the fact that caused it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from eventsourcing.domain import Aggregate

from contracts import assessment as assessment_events
from contracts import issues as issue_events
from contracts import registry as registry_events
from contracts import scheduling as scheduling_events
from contracts.base import EventData
from notify.application import Notify
from servicekit.messaging.consumer import Handler, Incoming


def handlers(app: Notify) -> Mapping[str, Mapping[str, Handler]]:
    """producer → {event type → handler}."""

    def saving(react: Callable[[Any], list[Aggregate]]) -> Handler:
        def handle(incoming: Incoming) -> None:
            app.save_tracked(incoming.tracking, *react(incoming.payload))

        return handle

    def by_type(
        *pairs: tuple[type[EventData], Callable[[Any], list[Aggregate]]],
    ) -> dict[str, Handler]:
        return {event_type.type_name(): saving(react) for event_type, react in pairs}

    def on_unit(p: registry_events.OrgUnitRegistered) -> list[Aggregate]:
        return app.learn_unit(p.unit_id, p.kind, p.name, dict(p.attributes))

    def on_org_changed(p: registry_events.OrgChanged) -> list[Aggregate]:
        return app.learn_rename(p.unit_id, p.value) if p.change == "renamed" else []

    def on_project(p: registry_events.ProjectRegistered) -> list[Aggregate]:
        return app.learn_project(p.project_id, p.name, p.county)

    def on_at_risk(p: registry_events.ApprovalSlaAtRisk) -> list[Aggregate]:
        return app.approval_at_risk(p.project_id, p.county, p.working_days_used, p.limit)

    def on_raised(p: issue_events.IssueRaised) -> list[Aggregate]:
        return app.issue_raised(
            p.issue_id,
            title=p.title,
            level=p.level,
            assignee=p.assignee,
            deadline=p.deadline,
            project_id=p.project_id,
            county=p.county,
        )

    def on_assigned(p: issue_events.IssueAssigned) -> list[Aggregate]:
        return app.issue_moved(
            p.issue_id,
            kind="issue_assigned",
            level=p.level,
            assignee=p.assignee,
            deadline=p.deadline,
        )

    def on_escalated(p: issue_events.IssueEscalated) -> list[Aggregate]:
        return app.issue_moved(
            p.issue_id,
            kind="issue_escalated",
            level=p.to_level,
            assignee=p.assignee,
            deadline=p.deadline,
            from_level=p.from_level,
            reason=p.reason,
        )

    def on_reopened(p: issue_events.IssueReopened) -> list[Aggregate]:
        return app.issue_reopened(p.issue_id, p.level, p.deadline)

    def on_extended(
        p: issue_events.ExtensionGranted | issue_events.IssueDeadlineRecomputed,
    ) -> list[Aggregate]:
        return app.issue_extended(p.issue_id, p.deadline)

    def on_finished(p: issue_events.IssueResolved | issue_events.IssueClosed) -> list[Aggregate]:
        return app.issue_finished(p.issue_id)

    def on_supervised(p: issue_events.IssueSupervised) -> list[Aggregate]:
        return app.issue_supervised(p.issue_id, p.reason, p.on)

    def on_meeting(p: scheduling_events.MeetingScheduled) -> list[Aggregate]:
        if p.series == "interview":
            return []  # told as an interview (InterviewScheduled), with its own words
        return app.meeting_scheduled(
            p.meeting_id,
            title=p.title,
            on=p.date,
            chair=p.chair,
            county=p.county,
            subcommand=p.subcommand,
        )

    def on_interview(p: scheduling_events.InterviewScheduled) -> list[Aggregate]:
        return app.interview_scheduled(
            p.meeting_id, county=p.county, month=p.month, on=p.date, chair=p.chair
        )

    def on_report_missing(p: scheduling_events.CountyReportMissing) -> list[Aggregate]:
        return app.county_report_missing(p.county, p.month, p.deadline)

    def on_reminded(p: assessment_events.CountyReminded) -> list[Aggregate]:
        return app.county_reminded(p.county, p.month)

    return {
        "registry": by_type(
            (registry_events.OrgUnitRegistered, on_unit),
            (registry_events.OrgChanged, on_org_changed),
            (registry_events.ProjectRegistered, on_project),
            (registry_events.ApprovalSlaAtRisk, on_at_risk),
        ),
        "issues": by_type(
            (issue_events.IssueRaised, on_raised),
            (issue_events.IssueAssigned, on_assigned),
            (issue_events.IssueEscalated, on_escalated),
            (issue_events.IssueReopened, on_reopened),
            (issue_events.ExtensionGranted, on_extended),
            (issue_events.IssueDeadlineRecomputed, on_extended),
            (issue_events.IssueResolved, on_finished),
            (issue_events.IssueClosed, on_finished),
            (issue_events.IssueSupervised, on_supervised),
        ),
        "scheduling": by_type(
            (scheduling_events.MeetingScheduled, on_meeting),
            (scheduling_events.InterviewScheduled, on_interview),
            (scheduling_events.CountyReportMissing, on_report_missing),
        ),
        "assessment": by_type((assessment_events.CountyReminded, on_reminded)),
    }
