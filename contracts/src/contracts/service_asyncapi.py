"""One service's own AsyncAPI 3.0 document: what it publishes and what it consumes.

The committed whole-suite document (``asyncapi.py``) points at the schema files
beside it. A service answers ``GET /asyncapi.json`` to a browser that cannot
resolve ``./schemas/…``, so this document is self-contained: the envelope and
every payload schema are copied under ``components/schemas`` and referenced
there. Channels, messages and their texts are the same as in the suite document
(the same functions build them); a consumed channel gets a ``receive`` operation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Final

from contracts.asyncapi import (
    channel,
    document,
    message,
    message_id,
    send_operation,
    send_operation_id,
)
from contracts.base import EventData
from contracts.export import ENVELOPE_VERSION, envelope_schema, payload_schema
from contracts.subjects import subject_for

ENVELOPE_KEY: Final = f"envelope.v{ENVELOPE_VERSION}"
COMPONENT_SCHEMAS: Final = "#/components/schemas"


def inlined(schema: dict[str, Any], key: str) -> dict[str, Any]:
    """``schema`` as it reads under ``components/schemas/<key>``.

    ``$id`` would make its own refs resolve against the URN rather than the
    document, and ``$schema`` is said once by each message's ``schemaFormat``; its
    local refs (``#/$defs/…``) are rewritten to where the schema now lives.
    """

    def rewrite(node: Any) -> Any:
        if isinstance(node, dict):
            return {
                name: f"{COMPONENT_SCHEMAS}/{key}/{value[2:]}"
                if name == "$ref" and isinstance(value, str) and value.startswith("#/")
                else rewrite(value)
                for name, value in node.items()
            }
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        return node

    body = {name: value for name, value in schema.items() if name not in ("$id", "$schema")}
    rewritten: dict[str, Any] = rewrite(body)
    return rewritten


def receive_operation_id(service: str, model: type[EventData]) -> str:
    return f"{service}.receive.{message_id(model)}"


def receive_operation(service: str, model: type[EventData]) -> dict[str, Any]:
    """The service reads the channel through its durable consumer on the producer's stream."""
    subject = subject_for(model)
    return {
        "action": "receive",
        "channel": {"$ref": f"#/channels/{subject}"},
        "messages": [{"$ref": f"#/channels/{subject}/messages/{message_id(model)}"}],
        "summary": (
            f"{service} 服务接收 {model.producer} 的 {model.event_name} v{model.version}"
            f"（持久消费者 {service}--{model.producer}）"
        ),
        "tags": [{"name": service}],
    }


def build_service_asyncapi(
    service: str,
    *,
    published: Iterable[type[EventData]],
    consumed: Iterable[type[EventData]],
    version: str,
) -> dict[str, Any]:
    """The self-contained document of ``service``: its send and receive operations."""
    sends = sorted(published, key=subject_for)
    receives = sorted(consumed, key=subject_for)
    schemas = {ENVELOPE_KEY: inlined(envelope_schema(), ENVELOPE_KEY)}
    channels: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for model in [*sends, *receives]:
        mid = message_id(model)
        schemas[mid] = inlined(payload_schema(model), mid)
        envelope_ref, data_ref = f"{COMPONENT_SCHEMAS}/{ENVELOPE_KEY}", f"{COMPONENT_SCHEMAS}/{mid}"
        messages[mid] = message(model, envelope_ref, data_ref)
        channels[subject_for(model)] = channel(model)
    operations = {send_operation_id(model): send_operation(model) for model in sends}
    operations.update(
        {receive_operation_id(service, m): receive_operation(service, m) for m in receives}
    )
    description = (
        f"kpd {service} 服务的事件：它发布的（send）与它消费的（receive），"
        "CloudEvents 1.0 结构化模式，经 NATS JetStream。由 contracts.catalog 与服务的消费者"
        "处理表生成；负载 JSON Schema 内联于 components/schemas。"
        "全部服务的文档见仓库的 contracts/asyncapi.json。"
    )
    return document(
        title=f"kpd {service} events",
        version=version,
        description=description,
        producers={model.producer for model in [*sends, *receives]} | {service},
        channels=channels,
        operations=operations,
        components={"messages": messages, "schemas": schemas},
    )
