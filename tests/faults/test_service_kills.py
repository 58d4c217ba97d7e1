"""Services SIGKILLed between commit and publish, and between apply and ack, round after round.

Each round: the registry dies by failpoint right after JetStream acknowledged a
batch (before it recorded the position), then by SIGKILL at an arbitrary moment
of a burst of commands (commits not yet published); issues dies by failpoint
after applying a message, before acking it. At the end nothing accepted is
missing and nothing appears twice, on the stream or in issues' store.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter

import pytest

from servicekit.dev.testing import ServiceProcess
from tests.faults.figures import Figures, wait_caught_up
from tests.faults.support_faults import CommandLoad, Outcome, RecordProperty, accepted_ids
from tests.support import Suite

ROUNDS = int(os.environ.get("KPD_FAULT_KILL_ROUNDS", "5"))
BURST = 16


def launch(proc: ServiceProcess, failpoints: str) -> bool:
    """Start ``proc``; False when it already died on the way up (a failpoint fired)."""
    try:
        proc.start({"KPD_FAILPOINTS": failpoints}, wait_ready=not failpoints)
    except (RuntimeError, TimeoutError):
        proc.stop()
        return False
    return True


def died_by_sigkill(proc: ServiceProcess, timeout: float = 30.0) -> bool:
    """Wait for the process to end; True when it was SIGKILLed (failpoint or us)."""
    code = proc.wait_exit(timeout)
    proc.stop()  # closes its log handle
    return code == -9


def burst(suite: Suite, size: int = BURST) -> CommandLoad:
    return CommandLoad(suite.services["registry"].url, suite.headers(), total=size, workers=8)


@pytest.mark.slow
@pytest.mark.timeout(420)
def test_services_killed_between_commit_publish_and_apply_ack_lose_and_duplicate_nothing(
    suite: Suite, record_property: RecordProperty
) -> None:
    registry = suite.service("registry")
    issues = suite.service("issues")
    outcomes: list[Outcome] = []
    kills: Counter[str] = Counter()
    for _ in range(ROUNDS):
        # Registry: dies after JetStream acked a batch, before recording its position.
        if launch(registry, "relay.after_publish"):
            outcomes += burst(suite).run()
        kills["registry relay.after_publish"] += died_by_sigkill(registry)

        # Registry: SIGKILL at an arbitrary instant while commits are being relayed.
        assert launch(registry, "")
        load = burst(suite, 2 * BURST).start()
        time.sleep(random.uniform(0.05, 0.4))
        registry.kill()
        kills["registry sigkill mid-burst"] += 1
        outcomes += load.join(timeout=60)
        registry.stop()

        # Issues: dies after applying a message and committing, before the ack.
        assert launch(registry, "")
        if launch(issues, "consumer.after_apply"):
            outcomes += burst(suite).run()
        kills["issues consumer.after_apply"] += died_by_sigkill(issues)
        registry.stop()

    assert launch(registry, "")
    assert launch(issues, "")
    accepted = accepted_ids(outcomes)
    catch_up = wait_caught_up(suite, accepted, since=time.monotonic(), timeout=90)
    figures = Figures.collect(f"service kills x{ROUNDS} rounds", suite, outcomes, catch_up)
    figures.extra = {"kills": dict(kills)}
    figures.report(record_property)
    assert kills["registry relay.after_publish"] == ROUNDS, kills
    assert kills["issues consumer.after_apply"] == ROUNDS, kills
    assert accepted, "no command was accepted at all"
    figures.assert_none_lost_or_duplicated()
