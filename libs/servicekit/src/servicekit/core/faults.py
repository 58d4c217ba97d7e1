"""Failpoints: let fault tests kill a real service process at an exact step.

``KPD_FAILPOINTS=relay.after_publish,consumer.after_apply`` makes the process
SIGKILL itself when it reaches a named step — e.g. after JetStream acknowledged
a batch but before the relay recorded its position. Unset (always, outside
tests), a failpoint is one dictionary lookup.
"""

from __future__ import annotations

import os
import signal
from functools import cache

ENV_VAR = "KPD_FAILPOINTS"


@cache
def _armed() -> frozenset[str]:
    return frozenset(p.strip() for p in os.environ.get(ENV_VAR, "").split(",") if p.strip())


def failpoint(name: str) -> None:
    """Die here, as a power cut would, when the failpoint is armed."""
    if name in _armed():
        os.kill(os.getpid(), signal.SIGKILL)
