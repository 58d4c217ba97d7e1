"""CloudEvents 1.0 structured-mode envelope with kpd's extension attributes.

Extensions (lower-case alphanumerics, as CloudEvents requires):
``actor``, ``actorrole``, ``actorunit`` — who caused the event, from the token;
``correlationid``, ``causationid`` — the request and the event that led to it;
``command`` — the command name; ``sequence`` — position in the producer's log;
``chainprev``, ``chainhash`` — the per-stream hash chain (empty until sealed).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from contracts.base import EventData

SPEC_VERSION: Literal["1.0"] = "1.0"
SCHEMA_BASE = "urn:kpd:schema"


class CloudEvent(BaseModel):
    """One event as it travels on NATS JetStream (``application/cloudevents+json``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    specversion: Literal["1.0"] = SPEC_VERSION
    id: str = Field(min_length=1, max_length=64, description="The domain event's id.")
    source: str = Field(pattern=r"^/kpd/[a-z]+$", description="The producing service.")
    type: str = Field(pattern=r"^kpd\.[a-z]+\.[A-Za-z]+\.v[0-9]+$")
    subject: str = Field(min_length=1, max_length=200, description="The aggregate id.")
    time: AwareDatetime
    datacontenttype: Literal["application/json"] = "application/json"
    dataschema: str
    actor: str = Field(min_length=1, max_length=200)
    actorrole: str = Field(min_length=1, max_length=64)
    actorunit: str | None = Field(default=None, max_length=200)
    correlationid: str = Field(min_length=1, max_length=200)
    causationid: str | None = Field(default=None, max_length=200)
    command: str = Field(min_length=1, max_length=100)
    sequence: int = Field(ge=1, description="Position in the producer's notification log.")
    aggregateversion: int = Field(ge=1)
    chainprev: str | None = Field(default=None, max_length=128)
    chainhash: str | None = Field(default=None, max_length=128)
    data: dict[str, Any]

    @property
    def producer(self) -> str:
        return self.source.rsplit("/", 1)[-1]


def dataschema_for(model: type[EventData]) -> str:
    return f"{SCHEMA_BASE}:{model.producer}:{model.event_name}:v{model.version}"


def build_event(
    payload: EventData,
    *,
    event_id: str,
    subject: str,
    time: datetime,
    meta: dict[str, Any],
    sequence: int,
    aggregate_version: int,
    chain: tuple[str | None, str | None] = (None, None),
) -> CloudEvent:
    """Wrap a payload in its envelope; ``meta`` holds the actor and cause fields."""
    model = type(payload)
    return CloudEvent(
        id=event_id,
        source=f"/kpd/{model.producer}",
        type=model.type_name(),
        subject=subject,
        time=time,
        dataschema=dataschema_for(model),
        actor=meta.get("actor") or "system",
        actorrole=meta.get("actorrole") or "system",
        actorunit=meta.get("actorunit"),
        correlationid=meta.get("correlationid") or event_id,
        causationid=meta.get("causationid"),
        command=meta.get("command") or "unknown",
        sequence=sequence,
        aggregateversion=aggregate_version,
        chainprev=chain[0],
        chainhash=chain[1],
        data=payload.model_dump(mode="json"),
    )
