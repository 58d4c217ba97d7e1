"""PostgreSQL stopped immediately for 10 s while commands arrive.

The services run on a PostgreSQL cluster this test made itself (initdb on a free
port) and stops by PID with SIGQUIT (``pg_ctl stop -m immediate``). Clients see
503, never 500; every command answered 2xx is on KPD_REGISTRY and learned by
issues, once; the registry answers commands again within 5 s of PostgreSQL
accepting connections.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from servicekit.dev.natsserver import NatsServerProcess
from tests.faults.figures import Figures, wait_caught_up
from tests.faults.pgcluster import OwnPostgres, unavailable_reason
from tests.faults.support_faults import (
    CommandLoad,
    Outcome,
    RecordProperty,
    accepted_ids,
    register_once,
)
from tests.support import Suite

COMMANDS = int(os.environ.get("KPD_FAULT_PG_COMMANDS", "600"))
OUTAGE_S = float(os.environ.get("KPD_FAULT_PG_OUTAGE_S", "10"))
LEAD_S = 4.0
RECOVERY_LIMIT_S = 5.0


@pytest.fixture
def own_postgres() -> Iterator[OwnPostgres]:
    reason = unavailable_reason()
    if reason is not None:
        pytest.skip(f"cannot run an own PostgreSQL cluster here: {reason}")
    cluster = OwnPostgres()
    try:
        cluster.init()
        cluster.start()
        yield cluster
    finally:
        cluster.destroy()


@pytest.fixture
def pg_suite(
    tmp_path: Path, nats_server: NatsServerProcess, own_postgres: OwnPostgres
) -> Iterator[Suite]:
    suite = Suite(tmp_path, nats_server, own_postgres.create_database("kpd_faults"))
    try:
        yield suite
    finally:
        suite.stop_all()


def commands_until_accepted(url: str, headers: dict[str, str], limit_s: float) -> list[Outcome]:
    """One command after another until one is accepted or ``limit_s`` has passed."""
    outcomes: list[Outcome] = []
    deadline = time.monotonic() + limit_s
    with httpx.Client(timeout=15) as client:
        while time.monotonic() < deadline:
            outcomes.append(register_once(client, url, headers, COMMANDS + len(outcomes)))
            if outcomes[-1].accepted:
                break
            time.sleep(0.05)
    return outcomes


@pytest.mark.slow
@pytest.mark.postgres
@pytest.mark.timeout(240)
def test_postgres_stopped_for_10s_answers_503_and_keeps_every_accepted_command(
    pg_suite: Suite, own_postgres: OwnPostgres, record_property: RecordProperty
) -> None:
    suite = pg_suite
    registry = suite.start("registry")
    suite.start("issues")
    load = CommandLoad(
        registry.url, suite.headers(), total=COMMANDS, rate=COMMANDS / (2 * LEAD_S + OUTAGE_S)
    ).start()
    time.sleep(LEAD_S)
    stopped_at = time.monotonic()
    own_postgres.stop_immediately()
    try:
        time.sleep(OUTAGE_S)
    finally:
        restart_at = time.monotonic()
        own_postgres.start()
    up_at = time.monotonic()
    # Crash recovery on a busy machine can take longer than the load has left to
    # run: commands of our own make sure recovery is measured all the same.
    after_up = commands_until_accepted(registry.url, suite.headers(), 2 * RECOVERY_LIMIT_S)
    outcomes = load.join(timeout=150) + after_up
    accepted = accepted_ids(outcomes)
    first_ok_after = min(
        (o.answered_at for o in outcomes if o.accepted and o.sent_at >= up_at), default=None
    )
    since = max(up_at, max(o.answered_at for o in outcomes))
    catch_up = wait_caught_up(suite, accepted, since=since, timeout=60)

    figures = Figures.collect(f"postgres stopped {OUTAGE_S:.0f}s", suite, outcomes, catch_up)
    recovery = None if first_ok_after is None else first_ok_after - up_at
    figures.extra = {
        "refused_during_outage": sum(
            1 for o in outcomes if o.status == 503 and stopped_at <= o.answered_at
        ),
        "postgres_restart_s": round(up_at - restart_at, 2),
        "recovery_s": None if recovery is None else round(recovery, 2),
    }
    figures.report(record_property)
    statuses = {o.status for o in outcomes}
    assert statuses <= {201, 503}, [o for o in outcomes if o.status not in (201, 503)][:3]
    longest = max(o.answered_at - o.sent_at for o in outcomes)
    assert 503 in statuses, (
        f"no client saw 503: requests waited up to {longest:.1f}s for the store instead"
    )
    figures.assert_none_lost_or_duplicated()
    assert recovery is not None, "no command succeeded after PostgreSQL came back"
    assert recovery <= RECOVERY_LIMIT_S
