"""Login throttling: repeated failures lock a username, and an address, for a while.

Kept in the workbench process: a lock survives until it expires or the process
restarts. With several workbench replicas each counts its own failures, so the
bound a guesser meets is the limit times the replicas — still a handful of tries
against argon2id hashes. The address limit is looser than the name limit, since a
whole county office may sign in from behind one address.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

ADDRESS_FACTOR = 4
_MAX_KEYS = 100_000


class LoginThrottle:
    def __init__(
        self,
        max_failures: int,
        window_s: float,
        lock_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max = max_failures
        self._window = window_s
        self._lock_s = lock_s
        self._clock = clock
        self._failures: dict[str, deque[float]] = {}
        self._locked_until: dict[str, float] = {}
        self._mutex = threading.Lock()

    @staticmethod
    def keys(username: str, address: str) -> tuple[str, str]:
        return f"user:{username.strip().lower()}", f"addr:{address}"

    def seconds_locked(self, keys: Iterable[str]) -> float:
        """How long any of ``keys`` stays locked (0 when none is)."""
        now = self._clock()
        with self._mutex:
            return max((self._locked_until.get(key, now) - now for key in keys), default=0.0)

    def record_failure(self, keys: Iterable[str]) -> None:
        now = self._clock()
        with self._mutex:
            if len(self._failures) > _MAX_KEYS:
                self._forget_stale(now)
            for key in keys:
                limit = self._max * (ADDRESS_FACTOR if key.startswith("addr:") else 1)
                recent = self._failures.setdefault(key, deque())
                recent.append(now)
                while recent and recent[0] <= now - self._window:
                    recent.popleft()
                if len(recent) >= limit:
                    self._locked_until[key] = now + self._lock_s
                    recent.clear()

    def record_success(self, username_key: str) -> None:
        with self._mutex:
            self._failures.pop(username_key, None)

    def _forget_stale(self, now: float) -> None:
        for key in [
            k for k, times in self._failures.items() if not times or times[-1] < now - self._window
        ]:
            del self._failures[key]
        for key in [k for k, until in self._locked_until.items() if until <= now]:
            del self._locked_until[key]
