"""A read-only view of the organisation, kept current from the store's own log.

Every registration checks its county and routes its sector through the six
sub-commands: seven organisation units. Loading each from the store (a query
and a deep copy of the cached aggregate apiece) was 70 % of a registration's
time in the benchmark profile, for units that change a few times a year.

The directory asks the store for the newest notification id on each look-up
and, only when the log has grown, for the organisation events among the new
notifications; the units they touch are reloaded. So a look-up costs one
indexed query, and it sees every change any replica has committed before it
started — the same consistency as loading the aggregates themselves. The first
look-up scans the whole log for organisation events once (no assumption about
which units exist).

Units handed out are shared and must not be changed: commands that change a
unit load their own copy from the repository.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.utils import get_topic

from registry.domain import OrgUnit

ORG_TOPICS = (get_topic(OrgUnit.Registered), get_topic(OrgUnit.Changed))


class OrgDirectory:
    def __init__(self, app: Application[UUID]) -> None:
        self._app = app
        self._units: dict[str, OrgUnit] = {}
        self._position = 0  # newest notification id reflected in _units
        self._lock = threading.Lock()

    def current(self) -> Mapping[str, OrgUnit]:
        """Every unit by its unit id, as of the newest committed event (one query).

        A command that needs several units takes one snapshot, so that they are
        all of the same moment and cost a single look at the log.
        """
        self._refresh()
        return self._units

    def _refresh(self) -> None:
        recorder = self._app.recorder
        newest = recorder.max_notification_id() or 0
        if newest <= self._position:
            return
        with self._lock:
            position = self._position
            if newest <= position:
                return  # another thread caught up while this one waited
            notifications = recorder.select_notifications(
                start=position,
                limit=newest - position,
                stop=newest,
                topics=ORG_TOPICS,
                inclusive_of_start=False,
            )
            changed = list(dict.fromkeys(UUID(str(n.originator_id)) for n in notifications))
            units = dict(self._units)
            for aggregate_id in changed:
                unit = self._load(aggregate_id)
                if unit is not None:
                    units[unit.unit_id] = unit
            self._units = units
            self._position = newest

    def _load(self, aggregate_id: UUID) -> OrgUnit | None:
        try:
            aggregate: object = self._app.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, OrgUnit) else None
