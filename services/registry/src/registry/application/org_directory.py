"""A read-only view of the organisation, kept current by the organisation events.

Every registration checks its county and routes its sector through the six
sub-commands: seven organisation units. Loading each from the store (a query
and a deep copy of the cached aggregate apiece) was 70 % of a registration's
time in the benchmark profile, for units that change a few times a year; then
asking the log on every look-up whether it had grown still cost ~400 µs a
command under load (two queries queueing behind the pool's other users).

So a look-up asks nothing of the store. The directory learns of changes three
ways:
- this process's own saves: the application's record listener hands it the
  organisation events each save stored, and the units they touch are reloaded
  before the command that changed them answers;
- other replicas and other processes (``kpd org``, a restart's history): at
  most every ``refresh_interval_s`` a look-up compares the newest notification
  id with the last it read and reads the organisation events among the new
  notifications — the catch-up poll, from the position it last reached;
- a unit asked for by id and not found forces that poll at once, so a unit
  another replica has just registered is never refused for being new.

A unit another replica changed may thus be seen up to ``refresh_interval_s``
late (a rename, a new commander); one this replica changed, never.

Units handed out are shared and must not be changed: commands that change a
unit load their own copy from the repository.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import Recording
from eventsourcing.utils import get_topic

from registry.domain import OrgUnit

ORG_TOPICS = (get_topic(OrgUnit.Registered), get_topic(OrgUnit.Changed))
ORG_EVENTS = (OrgUnit.Registered, OrgUnit.Changed)


class OrgDirectory:
    def __init__(
        self,
        app: Application[UUID],
        *,
        refresh_interval_s: float = 1.0,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self._app = app
        self._units: dict[str, OrgUnit] = {}
        self._position = 0  # newest notification id the catch-up poll has read
        self._polled_at: float | None = None  # never: the first look-up reads the whole log
        self._interval = refresh_interval_s
        self._monotonic = monotonic
        self._lock = threading.Lock()

    def current(self, expect: Iterable[str] = ()) -> Mapping[str, OrgUnit]:
        """Every unit by its unit id; no store query unless the poll is due.

        A command that needs several units takes one snapshot, so that they are
        all of the same moment. ``expect`` names units the command asks for: if
        one is missing, the log is read at once before the answer is given.
        """
        now = self._monotonic()
        if self._polled_at is None or now - self._polled_at >= self._interval:
            self._poll(now)
        units = self._units
        if any(unit_id not in units for unit_id in expect):
            self._poll(now)
            units = self._units
        return units

    def record_written(self, recordings: Sequence[Recording[UUID]]) -> None:
        """The application's record listener: reload the units this save changed."""
        changed = [
            UUID(str(r.domain_event.originator_id))
            for r in recordings
            if isinstance(r.domain_event, ORG_EVENTS)
        ]
        if changed:
            with self._lock:
                self._reload(dict.fromkeys(changed))

    def _poll(self, now: float) -> None:
        recorder = self._app.recorder
        newest = recorder.max_notification_id() or 0
        with self._lock:
            self._polled_at = now
            position = self._position
            if newest <= position:
                return  # nothing new, or another thread caught up while this one waited
            notifications = recorder.select_notifications(
                start=position,
                limit=newest - position,
                stop=newest,
                topics=ORG_TOPICS,
                inclusive_of_start=False,
            )
            self._reload(dict.fromkeys(UUID(str(n.originator_id)) for n in notifications))
            self._position = newest

    def _reload(self, aggregate_ids: Iterable[UUID]) -> None:
        # Under the lock: readers keep the dict they hold, the next one gets the new.
        units = dict(self._units)
        for aggregate_id in aggregate_ids:
            unit = self._load(aggregate_id)
            if unit is not None:
                units[unit.unit_id] = unit
        self._units = units

    def _load(self, aggregate_id: UUID) -> OrgUnit | None:
        try:
            aggregate: object = self._app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, OrgUnit) else None
