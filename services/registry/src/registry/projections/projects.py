"""The project list read model (filters for ``GET /v1/projects``)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import Integer, Numeric, String
from sqlalchemy.orm import Mapped, Session, mapped_column

from registry.domain import Project
from servicekit.readmodel import ReadModelBase


class ProjectRow(ReadModelBase):
    __tablename__ = "registry_projects"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(500))
    county: Mapped[str] = mapped_column(String(64), index=True)
    sector: Mapped[str] = mapped_column(String(64))
    subcommand: Mapped[str] = mapped_column(String(64), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    stage: Mapped[str] = mapped_column(String(32), index=True)
    project_unit: Mapped[str] = mapped_column(String(64), index=True)
    total_investment: Mapped[Decimal] = mapped_column(Numeric(18, 4))
    version: Mapped[int] = mapped_column(Integer)


class ProjectsProjection:
    name = "registry_projects"

    def apply(self, session: Session, domain_event: Any, notification: Notification) -> None:
        if isinstance(domain_event, Project.Registered):
            session.merge(
                ProjectRow(
                    id=str(notification.originator_id),
                    name=domain_event.name,
                    county=domain_event.county,
                    sector=domain_event.sector,
                    subcommand=domain_event.subcommand,
                    year=domain_event.year,
                    stage="preparation",
                    project_unit=domain_event.project_unit,
                    total_investment=domain_event.total_investment,
                    version=notification.originator_version,
                )
            )
