"""SQLAlchemy read models fed from the service's own event log.

A projection applies the log's events to its tables and stores the position it
reached in the same transaction, so a crash between the two is impossible and a
restart resumes exactly where it stopped. Read models are disposable: dropping
their tables and replaying the log rebuilds them.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any, Protocol

from eventsourcing.persistence import Notification
from sqlalchemy import BigInteger, Engine, MetaData, String, create_engine, event, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from servicekit.metrics import ServiceMetrics
from servicekit.settings import ServiceSettings
from servicekit.store import KpdApplication

log = logging.getLogger("kpd.readmodel")


class ReadModelBase(DeclarativeBase):
    """Declarative base for every service's read-model tables."""

    metadata = MetaData()


class ProjectionPosition(ReadModelBase):
    __tablename__ = "kpd_projection_position"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    position: Mapped[int] = mapped_column(BigInteger)


def create_read_engine(settings: ServiceSettings) -> Engine:
    """Engine for the read models; on PostgreSQL, tables live in the service's schema."""
    if settings.uses_postgres:
        engine = create_engine(
            settings.read_model_url, pool_pre_ping=True, pool_size=settings.postgres_pool_size
        )
        return engine.execution_options(schema_translate_map={None: settings.schema_name})
    settings.var_dir.mkdir(parents=True, exist_ok=True)
    engine = create_engine(settings.read_model_url, connect_args={"timeout": 10})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection: Any, _: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    return engine


def create_read_tables(engine: Engine) -> None:
    ReadModelBase.metadata.create_all(engine)


class Projection(Protocol):
    """Applies one own-log event to the read model inside the given session."""

    name: str

    def apply(self, session: Session, domain_event: Any, notification: Notification) -> None: ...


class ProjectionRunner:
    def __init__(
        self,
        app: KpdApplication,
        engine: Engine,
        projection: Projection,
        metrics: ServiceMetrics | None = None,
        poll_interval_s: float = 1.0,
        batch_size: int = 500,
    ) -> None:
        self.app = app
        self.engine = engine
        self.projection = projection
        self.metrics = metrics
        self.name = f"projection:{projection.name}"
        self.poll_interval_s = poll_interval_s
        self.batch_size = batch_size

    def position(self) -> int:
        with Session(self.engine) as session:
            value = session.scalar(
                select(ProjectionPosition.position).where(
                    ProjectionPosition.name == self.projection.name
                )
            )
            return int(value or 0)

    def catch_up_once(self) -> int:
        """Apply the next batch in one transaction; returns how many events it applied."""
        with Session(self.engine) as session, session.begin():
            row = session.get(ProjectionPosition, self.projection.name)
            start = row.position if row else 0
            notifications = self.app.recorder.select_notifications(
                start=start, limit=self.batch_size, inclusive_of_start=False
            )
            for notification in notifications:
                domain_event = self.app.mapper.to_domain_event(notification)
                self.projection.apply(session, domain_event, notification)
            if notifications:
                last = notifications[-1].id
                if row is None:
                    session.add(ProjectionPosition(name=self.projection.name, position=last))
                else:
                    row.position = last
            return len(notifications)

    def catch_up(self) -> int:
        """Apply everything stored so far (used by tests and by ``kpd audit replay``)."""
        total = 0
        while (applied := self.catch_up_once()) > 0:
            total += applied
        return total

    async def run(self, stop: asyncio.Event) -> None:
        waker = self.app.log_signal.waker()
        try:
            while not stop.is_set():
                applied = await asyncio.to_thread(self.catch_up_once)
                if applied == 0:
                    await self._report_lag()
                    await waker.wait(self.poll_interval_s)
        finally:
            self.app.log_signal.discard(waker)

    async def _report_lag(self) -> None:
        if self.metrics is None:
            return
        head = await asyncio.to_thread(self.app.max_notification_id)
        lag = head - await asyncio.to_thread(self.position)
        self.metrics.projection_lag.labels(self.metrics.service, self.projection.name).set(
            max(lag, 0)
        )
