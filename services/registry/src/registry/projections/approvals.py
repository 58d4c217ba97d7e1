"""The approval-clock read model: each project's steps and their statutory suspensions.

A projection of its own (own name, own position) rather than part of
``registry_projects``: a deployment that predates it starts it at position 0, so
it replays the approvals already in the log instead of seeing only new ones.
"""

from __future__ import annotations

from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import select
from sqlalchemy.orm import Session

from registry.domain import Project
from registry.projections.tables import ApprovalStepRow, ApprovalSuspensionRow


class ApprovalsProjection:
    # No ``event_types``: a runner that skips batches keeps its stored position
    # behind, and read-your-writes (KPD-Min-Position) waits on the slowest stored
    # position, so every registry command would wait here. Other events are ignored.
    name = "registry_approvals"

    def apply(self, session: Session, domain_event: Any, notification: Notification) -> None:
        project_id = str(notification.originator_id)
        if isinstance(domain_event, Project.ApprovalStepRecorded):
            known = session.get(ApprovalStepRow, (project_id, domain_event.step))
            if known is None:
                session.add(
                    ApprovalStepRow(
                        project_id=project_id,
                        step=domain_event.step,
                        county=domain_event.county,
                        submitted_on=domain_event.submitted_on,
                        granted_on=domain_event.granted_on,
                    )
                )
            else:
                known.granted_on = domain_event.granted_on
        elif isinstance(domain_event, Project.ApprovalSuspended):
            session.add(
                ApprovalSuspensionRow(
                    project_id=project_id,
                    version=notification.originator_version,
                    step=domain_event.step,
                    started_on=domain_event.on,
                    kind=domain_event.kind,
                )
            )
        elif isinstance(domain_event, Project.ApprovalResumed):
            # The aggregate allows one open suspension per step: that is the one ending.
            open_one = session.scalars(
                select(ApprovalSuspensionRow).where(
                    ApprovalSuspensionRow.project_id == project_id,
                    ApprovalSuspensionRow.step == domain_event.step,
                    ApprovalSuspensionRow.ended_on.is_(None),
                )
            ).first()
            if open_one is not None:
                open_one.ended_on = domain_event.on
