"""Wake-ups for log followers (relay, projections) when new events are stored.

A thread that saves events calls ``notify()``; each follower holds its own
``Waker`` and awaits it with a timeout, so that a wake-up caused by another
process (a second replica writing the same PostgreSQL store) is still caught by
a slow poll. Notifications arriving while a follower is busy are remembered.
"""

from __future__ import annotations

import asyncio
import threading


class Waker:
    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._event = asyncio.Event()

    def _set_threadsafe(self) -> None:
        if not self._loop.is_closed():
            self._loop.call_soon_threadsafe(self._event.set)

    def set(self) -> None:
        """Wake the follower (from the loop's own thread)."""
        self._event.set()

    async def wait(self, timeout: float) -> bool:
        """True when woken by new events, False on timeout. Clears the wake-up."""
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
            return True
        except TimeoutError:
            return False
        finally:
            self._event.clear()


class LogSignal:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._wakers: list[Waker] = []

    def waker(self) -> Waker:
        """A new follower's wake-up; call from inside the follower's event loop."""
        waker = Waker(asyncio.get_running_loop())
        with self._lock:
            self._wakers.append(waker)
        return waker

    def discard(self, waker: Waker) -> None:
        with self._lock:
            if waker in self._wakers:
                self._wakers.remove(waker)

    def notify(self) -> None:
        """Safe to call from any thread."""
        with self._lock:
            wakers = list(self._wakers)
        for waker in wakers:
            waker._set_threadsafe()
