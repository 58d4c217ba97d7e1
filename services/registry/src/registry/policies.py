"""What the registry does when the issues service's events arrive.

Only the level and openness of issues tied to a project matter here: a project
with an open issue at city level or above is a sponsorship candidate.
"""

from __future__ import annotations

from collections.abc import Mapping

from contracts import issues as issue_events
from contracts.base import EventData
from registry.application import Registry
from servicekit.core.context import current_context
from servicekit.messaging.consumer import Handler, Incoming


def _level_and_openness(payload: EventData) -> tuple[str | None, bool]:
    if isinstance(payload, issue_events.IssueEscalated):
        return payload.to_level, True
    if isinstance(payload, issue_events.IssueClosed):
        return payload.level, False
    if isinstance(
        payload,
        issue_events.IssueRaised | issue_events.IssueAssigned | issue_events.IssueReopened,
    ):
        return payload.level, True
    return None, True


def handlers(app: Registry) -> Mapping[str, Mapping[str, Handler]]:
    """producer → {event type → handler}; each saves exactly once with the message's tracking."""

    def on_issue_event(incoming: Incoming) -> None:
        payload = incoming.payload
        assert isinstance(payload, issue_events._Issue)
        level, is_open = _level_and_openness(payload)
        watch = app.observe_issue(
            current_context(),
            issue_id=payload.issue_id,
            project_id=payload.project_id,
            level=level,
            open=is_open,
        )
        app.save_tracked(incoming.tracking, watch)

    watched = (
        issue_events.IssueRaised,
        issue_events.IssueAssigned,
        issue_events.IssueEscalated,
        issue_events.IssueClosed,
        issue_events.IssueReopened,
    )
    return {"issues": {event.type_name(): on_issue_event for event in watched}}
