"""Subjects and streams: one stream per producing service, one subject per event type."""

from __future__ import annotations

from typing import Final

from contracts.base import EventData

# The workbench publishes only what every service must know of accounts: that one
# was disabled or its sessions ended, so its tokens are refused everywhere.
PRODUCERS: Final = ("registry", "issues", "scheduling", "assessment", "notify", "workbench")

STREAMS: Final[dict[str, str]] = {
    "registry": "KPD_REGISTRY",
    "issues": "KPD_ISSUES",
    "scheduling": "KPD_SCHEDULING",
    "assessment": "KPD_ASSESSMENT",
    "notify": "KPD_NOTIFY",
    "workbench": "KPD_WORKBENCH",
}

# Dead letters are kept in a stream of their own so that an operator can inspect
# and replay them; nothing is lost because a consumer refused a message.
DLQ_STREAM: Final = "KPD_DLQ"
DLQ_SUBJECTS: Final = "kpd.dlq.>"


def stream_subjects(producer: str) -> str:
    """The wildcard subject a producer's stream captures."""
    return f"kpd.{producer}.>"


def subject_for(model: type[EventData]) -> str:
    """The subject an event type is published on."""
    return model.type_name()


def dlq_subject(consumer: str) -> str:
    """Where a consumer copies a message it refused."""
    return f"kpd.dlq.{consumer}"


def producer_of(subject: str) -> str:
    """The producing service of a ``kpd.<producer>.<Name>.v<N>`` subject."""
    parts = subject.split(".")
    if len(parts) != 4 or parts[0] != "kpd" or parts[1] not in STREAMS:
        raise ValueError(f"not a kpd event subject: {subject!r}")
    return parts[1]
