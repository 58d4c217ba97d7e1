"""Watching the running suite: stop signals, readiness, and children that die."""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Sequence
from types import FrameType
from typing import Any

import httpx

from kpd.launcher.children import ChildProcess, ServiceSpec, describe_exit
from servicekit.dev.natsserver import NatsServerProcess

_POLL_SECONDS = 0.2

SignalHandler = Callable[[int, FrameType | None], Any] | int | None


class StopRequest:
    """Set by SIGINT or SIGTERM; the launcher's loops check it and wind down."""

    def __init__(self) -> None:
        self.signal_name: str | None = None
        self._event = threading.Event()
        self._previous: dict[int, SignalHandler] = {}

    def install(self) -> None:
        for signum in (signal.SIGINT, signal.SIGTERM):
            self._previous[signum] = signal.signal(signum, self._on_signal)

    def restore(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous.clear()

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        self.signal_name = signal.Signals(signum).name
        self._event.set()

    def is_set(self) -> bool:
        return self._event.is_set()

    def sleep(self, seconds: float) -> bool:
        """Sleep unless a stop arrives first; True when asked to stop."""
        return self._event.wait(seconds)


class ChildDiedError(RuntimeError):
    """A service or the embedded nats-server exited while it should be running."""

    def __init__(self, name: str, how: str, last_lines: Sequence[str]) -> None:
        super().__init__(f"{name} 意外退出（{how}）")
        self.name = name
        self.last_lines = list(last_lines)


def check_alive(children: Sequence[ChildProcess], nats: NatsServerProcess | None) -> None:
    """Raise :class:`ChildDiedError` for the first child found dead."""
    for child in children:
        code = child.exit_code()
        if code is not None:
            raise ChildDiedError(child.name, describe_exit(code), child.last_lines())
    if nats is not None and not nats.is_running():
        raise ChildDiedError("nats-server", "进程已不在", nats.log_tail())


def is_ready(client: httpx.Client, spec: ServiceSpec) -> bool:
    try:
        return client.get(f"{spec.url}/readyz").status_code == 200
    except httpx.HTTPError:
        return False


def wait_until_ready(
    services: Sequence[ServiceSpec],
    children: Sequence[ChildProcess],
    nats: NatsServerProcess | None,
    stop: StopRequest,
    timeout: float,
) -> list[str]:
    """Poll every ``/readyz`` until all answer 200; return the names still not ready.

    Returns early (with the unready names) when a stop is requested; raises
    :class:`ChildDiedError` as soon as a child exits.
    """
    pending = list(services)
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=2.0) as client:
        while pending:
            check_alive(children, nats)
            pending = [spec for spec in pending if not is_ready(client, spec)]
            if not pending or time.monotonic() >= deadline or stop.sleep(_POLL_SECONDS):
                break
    return [spec.name for spec in pending]


def watch_until_stopped(
    children: Sequence[ChildProcess], nats: NatsServerProcess | None, stop: StopRequest
) -> None:
    """Block until a stop signal; raise :class:`ChildDiedError` if a child dies first."""
    while not stop.sleep(_POLL_SECONDS):
        check_alive(children, nats)
