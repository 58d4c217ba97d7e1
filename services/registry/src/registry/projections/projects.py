"""The registry's read models, fed from its own log (one projection, one position)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from eventsourcing.persistence import Notification
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from registry.domain import IssueWatch, Project
from registry.projections.tables import IssueWatchRow, ProgressRow, ProjectRow, WarningRow
from servicekit.readside.readmodel import Decoded


class ProjectsProjection:
    name = "registry_projects"

    def apply_batch(self, session: Session, decoded: Decoded) -> None:
        """A run of registrations is one Core ``executemany``; the rest row by row.

        The run is written before any other event is applied, so a later event of
        the batch finds its project's row (read through the same transaction).
        """
        registered: list[dict[str, Any]] = []
        for domain_event, notification in decoded:
            if isinstance(domain_event, Project.Registered):
                registered.append(
                    self._registered_row(
                        str(notification.originator_id),
                        domain_event,
                        notification.originator_version,
                    )
                )
                continue
            if registered:
                self._insert_projects(session, registered)
                registered = []
            self.apply(session, domain_event, notification)
        if registered:
            self._insert_projects(session, registered)

    def apply(self, session: Session, domain_event: Any, notification: Notification) -> None:
        project_id = str(notification.originator_id)
        if isinstance(domain_event, Project.Registered):
            self._registered(session, project_id, domain_event, notification.originator_version)
            return
        if isinstance(domain_event, (IssueWatch.Seen, IssueWatch.Updated)):
            self._issue(session, domain_event)
            return
        if not isinstance(domain_event, Project.Event):
            return
        row = session.get(ProjectRow, project_id)
        if row is None:
            return
        row.version = notification.originator_version
        if isinstance(domain_event, Project.StageChanged):
            row.stage = domain_event.stage
        elif isinstance(domain_event, Project.ProgressReported):
            self._progress(session, row, domain_event)
        elif isinstance(domain_event, Project.SponsorAssigned):
            row.sponsors = ",".join(filter(None, [row.sponsors, domain_event.leader]))
        elif isinstance(domain_event, Project.WarningChanged):
            self._warning(session, row, domain_event)

    @staticmethod
    def _insert_projects(session: Session, rows: list[dict[str, Any]]) -> None:
        # Core, not the ORM: the runner claims each batch before applying it, so a
        # project's creation reaches this table once, and no object is kept for it.
        session.connection().execute(insert(ProjectRow), rows)

    def _registered(
        self, session: Session, project_id: str, e: Project.Registered, version: int
    ) -> None:
        self._insert_projects(session, [self._registered_row(project_id, e, version)])

    @staticmethod
    def _registered_row(project_id: str, e: Project.Registered, version: int) -> dict[str, Any]:
        return {
            "id": project_id,
            "name": e.name,
            "county": e.county,
            "sector": e.sector,
            "subcommand": e.subcommand,
            "level": e.level,
            "year": e.year,
            "stage": "preparation",
            "project_unit": e.project_unit,
            "total_investment": e.total_investment,
            "annual_planned_investment": e.annual_planned_investment,
            "cumulative_investment": Decimal("0.0000"),
            "planned_start": e.planned_start,
            "is_new": e.is_new,
            "is_industrial": e.is_industrial,
            "sponsors": "",
            "version": version,
        }

    @staticmethod
    def _progress(session: Session, row: ProjectRow, e: Project.ProgressReported) -> None:
        previous = session.get(ProgressRow, (row.id, e.month))
        session.merge(
            ProgressRow(
                project_id=row.id,
                month=e.month,
                investment_completed=e.investment_completed,
                physical_progress=e.physical_progress,
                corrections=(previous.corrections + 1) if previous else 0,
            )
        )
        session.flush()
        # The cumulative figure is the sum of each month's figure in force.
        figures = session.scalars(
            select(ProgressRow.investment_completed).where(ProgressRow.project_id == row.id)
        )
        row.cumulative_investment = sum(figures, Decimal("0.0000"))

    @staticmethod
    def _warning(session: Session, row: ProjectRow, e: Project.WarningChanged) -> None:
        session.merge(
            WarningRow(
                project_id=row.id,
                month=e.month,
                county=e.county,
                subcommand=e.subcommand,
                start_light=e.start_light,
                investment_light=e.investment_light,
                overall=e.overall,
            )
        )
        if row.warning_month is None or e.month >= row.warning_month:
            row.warning_month = e.month
            row.warning = e.overall

    @staticmethod
    def _issue(session: Session, e: IssueWatch.Seen | IssueWatch.Updated) -> None:
        session.merge(
            IssueWatchRow(issue_id=e.issue_id, project_id=e.project_id, level=e.level, open=e.open)
        )
