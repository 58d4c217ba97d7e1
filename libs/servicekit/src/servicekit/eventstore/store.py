"""Event-store wiring for ``eventsourcing`` 9.5: one base application for all services.

Sealing (the per-stream hash chain), actor metadata, expected versions, the unit
of work and the wake-up of log followers; where the events are stored is
``environment.py``.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Sequence
from datetime import datetime
from enum import Enum
from typing import Any, ClassVar, cast
from uuid import UUID

from eventsourcing.application import (
    AggregateNotFoundError,
    Application,
    ProcessingEvent,
    Repository,
)
from eventsourcing.domain import MutableOrImmutableAggregate
from eventsourcing.persistence import (
    ApplicationRecorder,
    Mapper,
    Notification,
    ProcessRecorder,
    Recording,
    StoredEvent,
    Tracking,
    Transcoder,
)
from eventsourcing.utils import strtobool

from servicekit.audit.chain import (
    CHAIN_KEY,
    GENESIS,
    canonical_encoded_event,
    seal,
    split_state,
)
from servicekit.core.context import StaleVersionError, current_context, take_expected_version
from servicekit.core.isolation import SweepFailures
from servicekit.core.settings import ServiceSettings
from servicekit.eventstore.dates import check_event_dates
from servicekit.eventstore.environment import store_environment
from servicekit.eventstore.mapper import META_KEY, KpdMapper, sort_keys
from servicekit.eventstore.recent import RecentRecordings
from servicekit.eventstore.signal import LogSignal
from servicekit.eventstore.transcoding import register_transcodings
from servicekit.eventstore.unit_of_work import UnitOfWork, UnitOfWorkRepository, active_unit_of_work
from servicekit.policy import deployment_dates

log = logging.getLogger("kpd.store")

CHAIN_HEAD_CACHE = 100_000


class KpdApplication(Application[UUID]):
    """Base of the four services' applications.

    Adds: a process recorder (events and tracking positions in one transaction),
    the project's transcodings, actor metadata on every stored event, and a
    signal that wakes the relay and projections when events are stored.
    """

    transcoded_enums: ClassVar[tuple[type[Enum], ...]] = ()

    def __init__(self, env: dict[str, str] | None = None) -> None:
        self.log_signal = LogSignal()
        # What this process just committed, for its relay, projections and checkpoints.
        self.recent = RecentRecordings()
        # Called with what each save stored (metrics, the request's KPD-Position).
        self.record_listeners: list[Callable[[Sequence[Recording[UUID]]], None]] = []
        # Called with a sweep's name for each object it had to skip (SweepFailures).
        self.failure_listeners: list[Callable[[str], None]] = []
        # Last (version, chain hash) per aggregate, so sealing rarely reads the store.
        self._chain_heads: dict[UUID | str, tuple[int, str]] = {}
        self.dates = deployment_dates()
        super().__init__(env)

    def construct_repository(self) -> Repository[UUID]:
        # The library's construction, with the repository that honours a unit of work.
        maxsize = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return UnitOfWorkRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(maxsize) if maxsize else None,
            fastforward=strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD, "y")),
            fastforward_skipping=strtobool(
                self.env.get(self.AGGREGATE_CACHE_FASTFORWARD_SKIPPING, "n")
            ),
            deepcopy_from_cache=strtobool(self.env.get(self.DEEPCOPY_FROM_AGGREGATE_CACHE, "y")),
        )

    def construct_recorder(self) -> ApplicationRecorder:
        return self.factory.process_recorder()

    def construct_transcoder(self) -> Transcoder:
        transcoder = super().construct_transcoder()
        register_transcodings(transcoder, self.transcoded_enums)
        sort_keys(transcoder)
        return transcoder

    def construct_mapper(self) -> Mapper[UUID]:
        # No cipher or compressor: the chain is taken over, and appended to, plain JSON.
        if self.factory.cipher() or self.factory.compressor():
            raise ValueError("kpd stores plain JSON events: unset CIPHER_TOPIC, COMPRESSOR_TOPIC")
        return KpdMapper(transcoder=self.construct_transcoder())

    @property
    def process_recorder(self) -> ProcessRecorder:
        recorder = self.recorder
        assert isinstance(recorder, ProcessRecorder)
        return recorder

    def _record(self, processing_event: ProcessingEvent[UUID]) -> list[Recording[UUID]]:
        # The library's EventStore.put, with each event encoded and sealed once here:
        # the bytes that are hashed are the bytes stored, published and verified.
        events = processing_event.events
        check_event_dates(events, self.dates)
        self._check_expected_versions(events)
        stored, heads = self._seal(events)
        ids = self.recorder.insert_events(
            stored, tracking=processing_event.tracking, **processing_event.saved_kwargs
        )
        recordings = [
            Recording(
                domain_event,
                Notification(
                    originator_id=s.originator_id,
                    originator_version=s.originator_version,
                    topic=s.topic,
                    state=s.state,
                    id=notification_id,
                ),
            )
            for domain_event, s, notification_id in zip(events, stored, ids or (), strict=False)
        ]
        if self.repository.cache and not self.repository.fastforward:
            for aggregate_id, aggregate in processing_event.aggregates.items():
                self.repository.cache.put(aggregate_id, aggregate)
        self._chain_heads.update(heads)
        if len(self._chain_heads) > CHAIN_HEAD_CACHE:
            self._chain_heads.clear()
        if recordings:
            self.recent.add(recordings)  # before the wake-up, so followers find them
            self.log_signal.notify()
            for listener in self.record_listeners:
                listener(recordings)
        return recordings

    def sweep_failures(self, sweep: str) -> SweepFailures:
        """Per-object isolation for a sweep, reported to this app's failure listeners."""
        return SweepFailures(sweep, self.failure_listeners)

    def _check_expected_versions(self, events: Sequence[Any]) -> None:
        seen: set[str] = set()
        for domain_event in events:
            originator = str(domain_event.originator_id)
            if originator in seen:
                continue
            seen.add(originator)
            expected = take_expected_version(originator)
            if expected is not None and domain_event.originator_version != expected + 1:
                raise StaleVersionError(
                    f"对象已被修改:当前版本 {domain_event.originator_version - 1},If-Match 为 "
                    f"{expected} / the object is at version {domain_event.originator_version - 1}"
                )

    def _seal(
        self, events: Sequence[Any]
    ) -> tuple[list[StoredEvent], dict[UUID | str, tuple[int, str]]]:
        """Encode each new event once, stamped with its actor and sealed into its chain.

        The state is encoded with sorted keys (``construct_transcoder``), so its
        bytes are, in the common case, already its canonical form: the chain hash
        is taken over them without parsing them back, and the chain fields are
        appended to the same bytes rather than encoding the event again.
        """
        heads: dict[UUID | str, tuple[int, str]] = {}
        sealed_events: list[StoredEvent] = []
        mapper = cast(KpdMapper, self.mapper)  # construct_mapper's
        for domain_event in events:
            state = vars(domain_event)
            state.setdefault(META_KEY, current_context().as_meta())
            state.pop(CHAIN_KEY, None)
            stored, encoded_state = mapper.encode(domain_event)
            originator_id = stored.originator_id
            version = stored.originator_version
            known = heads.get(originator_id) or self._chain_head(originator_id, version)
            sealed = seal(
                known[1] if known[0] == version - 1 else self._stored_head(originator_id),
                canonical_encoded_event(
                    str(originator_id), version, stored.topic, stored.state, encoded_state
                ),
            )
            chain = {"prev": sealed.prev, "hash": sealed.hash}
            state[CHAIN_KEY] = chain
            tail = json.dumps({CHAIN_KEY: chain}, separators=(",", ":")).encode()
            sealed_events.append(
                StoredEvent(
                    originator_id=originator_id,
                    originator_version=version,
                    topic=stored.topic,
                    # An empty object cannot take a comma: the chain is then the whole state.
                    state=tail if stored.state == b"{}" else stored.state[:-1] + b"," + tail[1:],
                )
            )
            heads[originator_id] = (version, sealed.hash)
        return sealed_events, heads

    def _chain_head(self, originator_id: UUID | str, version: int) -> tuple[int, str]:
        if version == 1:
            return 0, GENESIS
        cached = self._chain_heads.get(originator_id)
        if cached is not None and cached[0] == version - 1:
            return cached
        return version - 1, self._stored_head(originator_id)

    def _stored_head(self, originator_id: UUID | str) -> str:
        last = self.recorder.select_events(originator_id, desc=True, limit=1)
        if not last:
            return GENESIS
        _, chain = split_state(last[0].state)
        return str(chain["hash"]) if chain else GENESIS

    def save_tracked(
        self,
        tracking: Tracking,
        *objs: MutableOrImmutableAggregate[UUID] | None,
    ) -> list[Recording[UUID]]:
        """Save new events and a consumer's source position in one transaction.

        Raises the recorder's IntegrityError when the position is not beyond the
        stored one: the caller treats that as a redelivery already applied.
        Within a unit of work (``unit_of_work.collecting``) nothing is stored yet:
        the events are collected, and ``commit`` stores them.
        """
        unit = active_unit_of_work()
        if unit is not None:
            unit.collect(tracking, objs)
            return []
        processing_event: ProcessingEvent[UUID] = ProcessingEvent(tracking=tracking)
        processing_event.collect_events(*objs)
        recordings = self._record(processing_event)
        self._take_snapshots(processing_event)
        return recordings

    def commit(self, unit: UnitOfWork) -> list[Recording[UUID]]:
        """Store a unit of work's events and last position in one transaction."""
        if unit.tracking is None:
            return []
        recordings = self._record(unit.processing_event)
        self._take_snapshots(unit.processing_event)
        return recordings

    def get_as_of(self, aggregate_id: UUID, as_of: datetime) -> Any:
        """The aggregate as it stood at ``as_of``, rebuilt from its recorded events."""
        aggregate: Any = None
        for domain_event in self.events.get(aggregate_id):
            if vars(domain_event)["timestamp"] > as_of:
                break
            aggregate = domain_event.mutate(aggregate)  # type: ignore[attr-defined]
        if aggregate is None:
            raise AggregateNotFoundError(f"{aggregate_id} did not exist at {as_of.isoformat()}")
        return aggregate

    def position(self, source: str) -> int:
        """The last tracked position for ``source`` (0 when none)."""
        return self.process_recorder.max_tracking_id(source) or 0

    def max_notification_id(self) -> int:
        return self.recorder.max_notification_id() or 0

    def close(self) -> None:
        self.factory.close()


def create_store_tables(settings: ServiceSettings, app_class: type[KpdApplication]) -> None:
    """The migration step: create the schema and the event/tracking tables once."""
    if settings.uses_postgres:
        import psycopg
        from psycopg import sql

        with psycopg.connect(settings.database_url, autocommit=True) as conn:
            conn.execute(
                sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(
                    sql.Identifier(settings.schema_name)
                )
            )
    app = app_class(env=store_environment(settings, create_tables=True))
    app.close()
