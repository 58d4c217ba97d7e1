"""nats-server SIGKILLed, or SIGSTOPped, for 30 s while 1,000 commands arrive.

The registry keeps accepting commands (events wait in its store's log); when the
server is back, every accepted project reaches KPD_REGISTRY exactly once and is
learned by issues exactly once, and every consumer is caught up within 10 s.
Sizes can be shrunk for a quick local run: KPD_FAULT_COMMANDS, KPD_FAULT_OUTAGE_S.
"""

from __future__ import annotations

import os
import time

import pytest

from tests.faults.figures import Figures, wait_caught_up
from tests.faults.support_faults import CommandLoad, RecordProperty, accepted_ids
from tests.support import Suite

COMMANDS = int(os.environ.get("KPD_FAULT_COMMANDS", "1000"))
OUTAGE_S = float(os.environ.get("KPD_FAULT_OUTAGE_S", "30"))
LEAD_S = 3.0
CATCH_UP_LIMIT_S = 10.0


@pytest.mark.slow
@pytest.mark.timeout(240)
@pytest.mark.parametrize("fault", ["sigkill", "sigstop"])
def test_nats_outage_during_commands_loses_and_duplicates_nothing(
    suite: Suite, fault: str, record_property: RecordProperty
) -> None:
    registry = suite.start("registry")
    suite.start("issues")
    # Paced so that the load spans the outage and mostly ends when the server returns.
    load = CommandLoad(
        registry.url, suite.headers(), total=COMMANDS, rate=COMMANDS / (LEAD_S + OUTAGE_S)
    ).start()
    time.sleep(LEAD_S)
    broken_at = time.monotonic()
    if fault == "sigkill":
        suite.nats.kill()
    else:
        suite.nats.pause()
    try:
        time.sleep(OUTAGE_S)
    finally:
        if fault == "sigkill":
            suite.nats.start()
        else:
            suite.nats.resume()
    back_at = time.monotonic()
    outcomes = load.join(timeout=120)
    accepted = accepted_ids(outcomes)
    during = sum(1 for o in outcomes if o.accepted and broken_at <= o.answered_at <= back_at)
    last_answer = max(o.answered_at for o in outcomes)
    # Commands still arriving after the return are part of the catch-up, not before it.
    since = max(back_at, last_answer)
    catch_up = wait_caught_up(suite, accepted, since=since, timeout=90)

    figures = Figures.collect(f"nats {fault} {OUTAGE_S:.0f}s", suite, outcomes, catch_up)
    figures.extra = {
        "accepted_during_outage": during,
        "catch_up_from_return_s": round(catch_up + since - back_at, 2),
    }
    figures.report(record_property)
    assert len(accepted) == COMMANDS, figures.extra
    assert during > 0, "the outage did not overlap the load"
    figures.assert_none_lost_or_duplicated()
    assert catch_up <= CATCH_UP_LIMIT_S
