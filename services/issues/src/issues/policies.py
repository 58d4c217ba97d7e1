"""What the issues service does when other services' events arrive."""

from __future__ import annotations

from collections.abc import Mapping

from contracts import registry as registry_events
from issues.application import Issues
from servicekit.consumer import Handler, Incoming
from servicekit.context import current_context


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

    return {"registry": {registry_events.ProjectRegistered.type_name(): on_project_registered}}
