"""The AsyncAPI 3.0 document of kpd's events, derived from the subject → model table.

One channel per subject (the channel id is the subject itself, so a reader can
grep the document for what they see on the wire), one ``send`` operation per
channel owned by the producing service, one message per event type. Message
payloads are not copied into the document: they ``$ref`` the committed JSON
Schema files, so the document and the schemas can never disagree.

The message body is the whole structured-mode CloudEvent, hence each payload is
the envelope schema narrowed to that event's ``type``, ``source``, ``dataschema``
and ``data``.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Any, Final

from contracts.base import EventData
from contracts.envelope import dataschema_for
from contracts.subjects import STREAMS, stream_subjects, subject_for

ASYNCAPI_VERSION: Final = "3.0.0"
CONTENT_TYPE: Final = "application/cloudevents+json"
# Pydantic emits draft 2020-12; AsyncAPI's default schema format is older, so say so.
SCHEMA_FORMAT: Final = "application/schema+json;version=draft-2020-12"
EMBEDDED_NATS_HOST: Final = "127.0.0.1:14222"
CLOUDEVENT_TRAIT: Final = "cloudEvent"
CLOUDEVENTS_SPEC_URL: Final = "https://github.com/cloudevents/spec/blob/v1.0.2/cloudevents/spec.md"


def message_id(model: type[EventData]) -> str:
    """Key of an event type under ``components/messages`` (unique across producers)."""
    return f"{model.producer}.{model.event_name}.v{model.version}"


def _cloudevent_trait() -> dict[str, Any]:
    return {
        "contentType": CONTENT_TYPE,
        "headers": {
            "type": "object",
            "properties": {
                "Nats-Msg-Id": {
                    "type": "string",
                    "description": "等于 CloudEvents id；JetStream 在去重窗口内丢弃重复发布。",
                },
            },
            "required": ["Nats-Msg-Id"],
        },
        "correlationId": {
            "description": "请求的关联 id（CloudEvents 扩展属性 correlationid）。",
            "location": "$message.payload#/correlationid",
        },
        "description": (
            "CloudEvents 1.0 结构化模式：消息体即完整信封。扩展属性：actor、actorrole、"
            "actorunit（操作者）；correlationid、causationid（请求与起因事件）；command；"
            "sequence（生产者日志位置）；aggregateversion；chainprev、chainhash（哈希链）。"
        ),
        "externalDocs": {"url": CLOUDEVENTS_SPEC_URL},
    }


def message(model: type[EventData], envelope_ref: str, data_ref: str) -> dict[str, Any]:
    """The message of one event type; the two refs point at the envelope and ``data`` schemas."""
    # The class's own docstring ("中文 / English." first line), never one inherited
    # from a base class: tests/contract/test_descriptions.py holds every event to it.
    doc = inspect.cleandoc(vars(model).get("__doc__") or model.event_name)
    summary = doc.partition("\n")[0]
    narrowed = {
        "type": "object",
        "properties": {
            "type": {"const": subject_for(model)},
            "source": {"const": f"/kpd/{model.producer}"},
            "dataschema": {"const": dataschema_for(model)},
            "data": {"$ref": data_ref},
        },
    }
    described: dict[str, Any] = {
        "name": model.event_name,
        "title": f"{model.event_name} v{model.version}",
        "summary": summary,
        "contentType": CONTENT_TYPE,
        "payload": {
            "schemaFormat": SCHEMA_FORMAT,
            "schema": {"allOf": [{"$ref": envelope_ref}, narrowed]},
        },
        "traits": [{"$ref": f"#/components/messageTraits/{CLOUDEVENT_TRAIT}"}],
        "tags": [{"name": model.producer}],
    }
    described["description"] = doc
    return described


def build_asyncapi(
    catalog: Mapping[str, type[EventData]],
    *,
    version: str,
    envelope_file: str,
    schema_file: Callable[[type[EventData]], str],
) -> dict[str, Any]:
    """The AsyncAPI document; file arguments are paths relative to the document."""
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}
    for subject, model in catalog.items():
        mid = message_id(model)
        messages[mid] = message(model, f"./{envelope_file}", f"./{schema_file(model)}")
        channels[subject] = channel(model)
        operations[send_operation_id(model)] = send_operation(model)
    description = (
        "kpd 各服务经 NATS JetStream 发布的事件（CloudEvents 1.0 结构化模式）。"
        "本文件由 `python -m contracts.export` 从 contracts.catalog 生成，请勿手改。"
    )
    producers = {model.producer for model in catalog.values()}
    return document(
        title="kpd events",
        version=version,
        description=description,
        producers=producers,
        channels=channels,
        operations=operations,
        components={"messages": messages},
    )


def channel(model: type[EventData]) -> dict[str, Any]:
    """One channel per subject; its id and address are the subject itself."""
    mid = message_id(model)
    return {
        "address": subject_for(model),
        "title": f"{model.event_name} v{model.version}",
        "messages": {mid: {"$ref": f"#/components/messages/{mid}"}},
    }


def send_operation_id(model: type[EventData]) -> str:
    return f"{model.producer}.send{model.event_name}.v{model.version}"


def send_operation(model: type[EventData]) -> dict[str, Any]:
    """The producer publishes the channel's one message."""
    subject = subject_for(model)
    return {
        "action": "send",
        "channel": {"$ref": f"#/channels/{subject}"},
        "messages": [{"$ref": f"#/channels/{subject}/messages/{message_id(model)}"}],
        "summary": f"{model.producer} 服务发布 {model.event_name} v{model.version}",
        "tags": [{"name": model.producer}],
    }


def document(
    *,
    title: str,
    version: str,
    description: str,
    producers: set[str],
    channels: dict[str, Any],
    operations: dict[str, Any],
    components: dict[str, Any],
) -> dict[str, Any]:
    """The document around channels and operations: info, server, shared trait."""
    return {
        "asyncapi": ASYNCAPI_VERSION,
        "info": {
            "title": title,
            "version": version,
            "description": description,
            "tags": [
                {
                    "name": producer,
                    "description": f"生产者 {producer}：JetStream 流 {STREAMS[producer]}"
                    f"（{stream_subjects(producer)}）",
                }
                for producer in sorted(producers)
            ],
        },
        "defaultContentType": CONTENT_TYPE,
        "servers": {
            "embedded": {
                "host": EMBEDDED_NATS_HOST,
                "protocol": "nats",
                "description": "启动器自带的嵌入式 nats-server（本机开发）。",
            },
        },
        "channels": channels,
        "operations": operations,
        "components": {
            **components,
            "messageTraits": {CLOUDEVENT_TRAIT: _cloudevent_trait()},
        },
    }
