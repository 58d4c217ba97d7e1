"""What the issues service does when other services' events arrive.

Registry: projects (ProjectRegistered). The duty matrix (departments' issue
categories and provincial counterparts, sub-commands' lead units) is policy data
taken from the seed organisation. Scheduling: dispatch meetings held (MeetingHeld,
series "dispatch") and decisions that assign work (DecisionAssigned), which become
issues.
"""

from __future__ import annotations

from collections.abc import Mapping

from contracts import registry as registry_events
from contracts import scheduling as scheduling_events
from issues.application import Issues
from servicekit.core.context import current_context
from servicekit.messaging.consumer import Handler, Incoming


def handlers(app: Issues) -> Mapping[str, Mapping[str, Handler]]:
    """producer → {event type → handler}; each handler saves with the message's tracking."""

    def on_project_registered(incoming: Incoming) -> None:
        payload = incoming.payload
        assert isinstance(payload, registry_events.ProjectRegistered)
        project = app.learn_project(
            current_context(),
            project_id=payload.project_id,
            name=payload.name,
            county=payload.county,
            sector=payload.sector,
            subcommand=payload.subcommand,
            project_unit=payload.project_unit,
        )
        app.save_tracked(incoming.tracking, project)

    def on_meeting_held(incoming: Incoming) -> None:
        payload = incoming.payload
        assert isinstance(payload, scheduling_events.MeetingHeld)
        if payload.series != "dispatch":
            app.save_tracked(incoming.tracking)
            return
        meetings = app.record_dispatch_meeting(
            current_context(), meeting_id=payload.meeting_id, held_on=payload.held_on
        )
        app.save_tracked(incoming.tracking, meetings)

    def on_decision_assigned(incoming: Incoming) -> None:
        payload = incoming.payload
        assert isinstance(payload, scheduling_events.DecisionAssigned)
        issue = app.issue_from_decision(
            current_context(),
            meeting_id=payload.meeting_id,
            decision_id=payload.decision_id,
            text=payload.text,
            assignee=payload.assignee,
            deadline_working_days=payload.deadline_working_days,
            project_id=payload.project_id,
            county=payload.county,
            held_on=payload.held_on,
        )
        app.save_tracked(incoming.tracking, issue)

    return {
        "registry": {
            registry_events.ProjectRegistered.type_name(): on_project_registered,
        },
        "scheduling": {
            scheduling_events.MeetingHeld.type_name(): on_meeting_held,
            scheduling_events.DecisionAssigned.type_name(): on_decision_assigned,
        },
    }
