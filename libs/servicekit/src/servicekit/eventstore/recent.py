"""The events this process has just recorded, for its own log followers.

The relay, the read-model projections and the checkpoint worker each follow
the service's log from a position of their own. Reading back what this very
process committed a moment ago — a query, then decoding every event again —
was most of what they cost per command. So ``KpdApplication`` puts each
save's recordings here once they are committed, and a follower takes the run
of notifications that continues its position straight from memory.

Memory is only a shortcut, never the truth: a follower falls back to reading
the log whenever the next notification it needs is not here — written by
another replica or process, evicted (the buffer is bounded), lost in a
restart, or a gap in the ids (a PostgreSQL sequence skips a rolled-back
insert). Because it takes only runs that start right after its position,
a follower never skips an event, and what it does after a crash is what it did
before: resume from its stored position in the log.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Notification, Recording

DEFAULT_CAPACITY = 8192

Recorded = tuple[Any, Notification]  # (domain event, its notification)


class RecentRecordings:
    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._capacity = capacity
        self._by_id: OrderedDict[int, Recorded] = OrderedDict()
        self._lock = threading.Lock()

    def add(self, recordings: Sequence[Recording[UUID]]) -> None:
        """Called after the transaction that stored them has committed."""
        with self._lock:
            for recording in recordings:
                notification = recording.notification
                self._by_id[notification.id] = (recording.domain_event, notification)
            while len(self._by_id) > self._capacity:
                self._by_id.popitem(last=False)  # the oldest added

    def after(self, position: int, limit: int) -> list[Recorded]:
        """The notifications ``position + 1, position + 2, …`` held here, at most ``limit``.

        Empty when the next one is not held: the caller then reads the log.
        """
        run: list[Recorded] = []
        with self._lock:
            wanted = position + 1
            while len(run) < limit:
                found = self._by_id.get(wanted)
                if found is None:
                    break
                run.append(found)
                wanted += 1
        return run

    def clear(self) -> None:
        with self._lock:
            self._by_id.clear()
