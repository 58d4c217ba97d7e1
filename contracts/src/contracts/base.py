"""Base class of every event payload that crosses the wire.

A payload model names its producer, its event name and its version; together they
give the CloudEvents ``type`` and the NATS subject ``kpd.<producer>.<Name>.v<N>``.
Payloads forbid unknown fields so that a producer cannot silently drift from the
published schema, and they carry no floats: money and rates are decimal strings.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict


class EventData(BaseModel):
    """Payload of one versioned event type."""

    model_config = ConfigDict(extra="forbid", frozen=True, ser_json_timedelta="iso8601")

    producer: ClassVar[str]
    event_name: ClassVar[str]
    version: ClassVar[int] = 1

    @classmethod
    def type_name(cls) -> str:
        """The CloudEvents ``type``, identical to the NATS subject."""
        return f"kpd.{cls.producer}.{cls.event_name}.v{cls.version}"
