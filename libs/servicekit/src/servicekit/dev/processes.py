"""What the kernel says about a process we started: is every thread stopped?"""

from __future__ import annotations

import time
from pathlib import Path


def thread_states(pid: int) -> list[str]:
    """One state letter per thread of ``pid`` (``R``, ``S``, ``T``…); empty if unknown."""
    states = []
    for stat in Path(f"/proc/{pid}/task").glob("*/stat"):
        try:
            # The state follows the parenthesised command name, which may hold spaces.
            states.append(stat.read_text().rsplit(")", 1)[1].split()[0])
        except (OSError, IndexError):
            continue  # the thread ended between the listing and the read
    return states


def wait_until_stopped(pid: int, timeout: float = 5.0) -> bool:
    """Wait until every thread of ``pid`` is stopped (SIGSTOP took effect).

    kill() returns once the signal is pending, not once a thread running on the
    other core is parked; in that gap a paused server still answered (seen in CI).

    True when stopped, False on timeout. Without /proc (not Linux) there is
    nothing to read, and the signal is trusted: True at once.
    """
    if not Path(f"/proc/{pid}/task").is_dir():
        return True
    deadline = time.monotonic() + timeout
    while True:
        states = thread_states(pid)
        if states and all(state in ("T", "t") for state in states):
            return True
        if time.monotonic() >= deadline:
            return False
        time.sleep(0.01)
