"""Stored topics do not move: the events are defined in issue_events.py but every
record names ``issues.domain.issue:Issue.<Name>``, as the logs already written do."""

from __future__ import annotations

from eventsourcing.domain import CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic

from issues.domain import Issue

RECORDED = (
    "Raised", "Progressed", "Resolved", "FollowedUp", "Closed", "Reopened", "Escalated",
    "ExtensionRequested", "ExtensionGranted", "ExtensionRefused", "DeadlineRecomputed",
    "Supervised", "SupervisionLimitMissed", "SupervisionRated", "CounterpartRecorded",
)  # fmt: skip


def test_each_recorded_event_keeps_its_topic_under_the_aggregate() -> None:
    defined = {
        name
        for name, value in vars(Issue).items()
        if isinstance(value, type) and issubclass(value, CanMutateAggregate) and name[0].isupper()
    }
    assert defined - {"Event", "Created"} == set(RECORDED)
    for name in RECORDED:
        cls = getattr(Issue, name)
        assert get_topic(cls) == f"issues.domain.issue:Issue.{name}"
        assert resolve_topic(get_topic(cls)) is cls
        assert issubclass(cls, Issue.Event)
