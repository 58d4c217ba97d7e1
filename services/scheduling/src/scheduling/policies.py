"""What the scheduling service does when other services' events arrive.

Each handler saves once with the message's tracking (also when nothing changed),
so a redelivered message is skipped; each is idempotent besides.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from contracts import assessment as assessment_events
from contracts import issues as issue_events
from contracts import registry as registry_events
from contracts.base import EventData
from scheduling.application import Scheduling
from servicekit.core.clock import business_date
from servicekit.core.context import current_context
from servicekit.messaging.consumer import Handler, Incoming

CLOSED = {"IssueResolved": "resolved", "IssueClosed": "closed"}


def handlers(app: Scheduling) -> Mapping[str, Mapping[str, Handler]]:
    """producer → {event type → handler}."""

    def saving(react: Callable[[Any, Incoming], Any]) -> Handler:
        def handle(incoming: Incoming) -> None:
            changed = react(incoming.payload, incoming)
            app.save_tracked(incoming.tracking, *([changed] if changed is not None else []))

        return handle

    def on_unit(p: registry_events.OrgUnitRegistered, _: Incoming) -> Any:
        return app.learn_unit(p.unit_id, p.kind, p.name, dict(p.attributes), p.effective_on)

    def on_org_changed(p: registry_events.OrgChanged, _: Incoming) -> Any:
        return app.learn_change(p.unit_id, p.change, p.value, p.effective_on)

    def on_project(p: registry_events.ProjectRegistered, _: Incoming) -> Any:
        return app.project_seen(
            p.project_id, name=p.name, county=p.county, subcommand=p.subcommand, year=p.year
        )

    def on_warning(p: registry_events.ProjectWarningChanged, _: Incoming) -> Any:
        return app.project_warning(p.project_id, p.month, p.overall, p.investment_light)

    def on_raised(p: issue_events.IssueRaised, _: Incoming) -> Any:
        return app.issue_seen(
            p.issue_id,
            title=p.title,
            level=p.level,
            assignee=p.assignee,
            deadline=p.deadline,
            project_id=p.project_id,
            county=p.county,
            subcommand=p.subcommand,
        )

    def on_moved(p: EventData, _: Incoming) -> Any:
        assert isinstance(
            p, issue_events.IssueAssigned | issue_events.IssueEscalated | issue_events.IssueReopened
        )
        level = p.to_level if isinstance(p, issue_events.IssueEscalated) else p.level
        changes: dict[str, Any] = {"level": level, "deadline": p.deadline, "status": "open"}
        if not isinstance(p, issue_events.IssueReopened):
            changes["assignee"] = p.assignee
        return app.issue_changed(p.issue_id, **changes)

    def on_extended(
        p: issue_events.ExtensionGranted | issue_events.IssueDeadlineRecomputed, _: Incoming
    ) -> Any:
        return app.issue_changed(p.issue_id, deadline=p.deadline)

    def on_finished(p: EventData, _: Incoming) -> Any:
        assert isinstance(p, issue_events.IssueResolved | issue_events.IssueClosed)
        return app.issue_changed(p.issue_id, status=CLOSED[p.event_name])

    def on_supervised(p: issue_events.IssueSupervised, _: Incoming) -> Any:
        return app.issue_changed(p.issue_id, supervised=True)

    def on_notice(p: assessment_events.NoticePublished, _: Incoming) -> Any:
        flagged = {row.county: "low" for row in p.rows if row.low}
        for consequence in p.consequences:
            if "county" in consequence:
                flagged[consequence["county"]] = consequence.get("kind", "low")
        return app.notice_published(p.month, flagged)

    def on_interview(p: assessment_events.CountyInterviewRequired, incoming: Incoming) -> Any:
        return app.schedule_interview(
            current_context(),
            county=p.county,
            month=p.month,
            required_on=business_date(incoming.event.time),
        )

    def by_type(
        *pairs: tuple[type[EventData], Callable[[Any, Incoming], Any]],
    ) -> dict[str, Handler]:
        return {event_type.type_name(): saving(react) for event_type, react in pairs}

    return {
        "registry": by_type(
            (registry_events.OrgUnitRegistered, on_unit),
            (registry_events.OrgChanged, on_org_changed),
            (registry_events.ProjectRegistered, on_project),
            (registry_events.ProjectWarningChanged, on_warning),
        ),
        "issues": by_type(
            (issue_events.IssueRaised, on_raised),
            (issue_events.IssueAssigned, on_moved),
            (issue_events.IssueEscalated, on_moved),
            (issue_events.IssueReopened, on_moved),
            (issue_events.ExtensionGranted, on_extended),
            (issue_events.IssueDeadlineRecomputed, on_extended),
            (issue_events.IssueResolved, on_finished),
            (issue_events.IssueClosed, on_finished),
            (issue_events.IssueSupervised, on_supervised),
        ),
        "assessment": by_type(
            (assessment_events.NoticePublished, on_notice),
            (assessment_events.CountyInterviewRequired, on_interview),
        ),
    }
