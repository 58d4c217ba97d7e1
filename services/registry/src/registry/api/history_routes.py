"""A project's timeline, read from its audit trail: every stored event, oldest first."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from fastapi import APIRouter
from pydantic import BaseModel, Field

from registry.api.common import RegistryDep, domain_errors
from registry.api.routes import ensure_project_scope
from registry.api.summaries import summary_of
from servicekit.eventstore.history import history_of
from servicekit.web.auth import PrincipalDep

router = APIRouter(prefix="/v1", tags=["projects"])


class ProjectEventOut(BaseModel):
    version: int
    event_type: str = Field(description="事件类型,如 Registered、StageChanged、ProgressReported")
    recorded_at: datetime = Field(description="记录时间(RFC 3339)")
    actor: str | None
    actor_role: str | None
    actor_unit: str | None
    command: str | None
    summary: str = Field(description="中文摘要,如「阶段变更为 已开工(2026-03-10)」")


@router.get(
    "/projects/{project_id}/history",
    response_model=list[ProjectEventOut],
    summary="项目历史 / the project's timeline",
)
def project_history(
    project_id: UUID, registry: RegistryDep, principal: PrincipalDep
) -> list[ProjectEventOut]:
    """Every event of the project with who recorded it (user, role, unit), when, by which
    command, and a Chinese summary; visible to whoever may see the project."""
    with domain_errors():
        project = registry.get_project(project_id)
    ensure_project_scope(principal, project)
    return [
        ProjectEventOut(
            version=record.version,
            event_type=record.event_type,
            recorded_at=record.recorded_at,
            actor=record.actor,
            actor_role=record.actor_role,
            actor_unit=record.actor_unit,
            command=record.command,
            summary=summary_of(record.event_type, record.data),
        )
        for record in history_of(registry, project.id, lte=project.version)
    ]
