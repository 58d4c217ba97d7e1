"""Every message delivered twice: issues' store and answers stay exactly as they were.

After issues caught up, its durable consumer is deleted and issues restarted, so
JetStream delivers the whole of KPD_REGISTRY a second time (DeliverPolicy.ALL).
Every redelivery must be recognised by its stream position and skipped.
"""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import httpx
import nats

from tests.faults.figures import Figures, wait_caught_up
from tests.faults.support_faults import (
    REGISTRY_STREAM,
    CommandLoad,
    RecordProperty,
    accepted_ids,
    audit_events,
    business_events,
    pending_per_consumer,
)
from tests.support import Suite, metric_value, wait_for

COMMANDS = int(os.environ.get("KPD_FAULT_REDELIVERY_COMMANDS", "150"))
DURABLE = "issues--registry"


async def _delete_consumer(url: str, stream: str, durable: str) -> None:
    nc = await nats.connect(url)
    try:
        assert await nc.jetstream().delete_consumer(stream, durable)
    finally:
        await nc.close()


def known_projects(suite: Suite, project_ids: list[str]) -> dict[str, Any]:
    with httpx.Client(timeout=10, headers=suite.headers("office")) as client:
        url = suite.services["issues"].url + "/v1/known-projects/"
        return {p: client.get(url + p).json() for p in project_ids}


def test_every_message_delivered_twice_leaves_store_and_answers_identical(
    suite: Suite, record_property: RecordProperty
) -> None:
    registry = suite.start("registry")
    issues = suite.start("issues")
    outcomes = CommandLoad(registry.url, suite.headers(), total=COMMANDS, workers=4).run()
    accepted = accepted_ids(outcomes)
    assert len(accepted) == COMMANDS
    wait_caught_up(suite, accepted, since=time.monotonic(), timeout=60)
    auditor = suite.headers("auditor")
    events_before = business_events(audit_events(issues.url, auditor))
    answers_before = known_projects(suite, accepted)
    applied_once = metric_value(issues.url, "kpd_consumer_applied_total")

    issues.stop()
    asyncio.run(_delete_consumer(suite.nats.url, REGISTRY_STREAM, DURABLE))
    redelivered_from = time.monotonic()
    issues.start()  # re-creates the durable consumer from the first message
    wait_for(
        lambda: (
            metric_value(issues.url, "kpd_consumer_skipped_total") >= applied_once
            and pending_per_consumer(suite.nats.url).get(DURABLE) == 0
        ),
        timeout=60,
        what="the whole stream delivered a second time",
    )
    second_pass_s = time.monotonic() - redelivered_from
    skipped = metric_value(issues.url, "kpd_consumer_skipped_total")
    applied_again = metric_value(issues.url, "kpd_consumer_applied_total")

    figures = Figures.collect("every message delivered twice", suite, outcomes, second_pass_s)
    figures.extra = {
        "applied_first_pass": int(applied_once),
        "skipped_second_pass": int(skipped),
        "applied_second_pass": int(applied_again),
    }
    figures.report(record_property)
    assert applied_once >= COMMANDS
    assert skipped == applied_once
    assert applied_again == 0
    # A graceful stop signs a checkpoint; every other stored event is as it was.
    assert business_events(audit_events(issues.url, auditor)) == events_before
    assert known_projects(suite, accepted) == answers_before
    figures.assert_none_lost_or_duplicated()
