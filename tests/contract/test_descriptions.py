"""Every event type describes itself in Chinese and English, and the contract carries it.

An event class's own docstring opens with ``中文摘要 / English summary.``; pydantic
turns the docstring into the payload schema's ``description`` and the AsyncAPI
message takes its summary (first line) and description (whole text) from it. A
class without its own docstring would inherit nothing useful (pydantic leaves the
schema undescribed, ``inspect.getdoc`` would hand out the base class's words).
"""

from __future__ import annotations

import inspect
import json
import re
from typing import Any

import pytest

from contracts.asyncapi import message_id
from contracts.base import EventData
from contracts.catalog import CATALOG
from contracts.export import ASYNCAPI_FILE, default_root, schema_file

# Chinese words, " / ", then an English sentence (it may quote a Chinese term).
FIRST_LINE = re.compile(r"^[^\x00-\x7f].* / [A-Z].*\.$")
MODELS = sorted(CATALOG.values(), key=message_id)


def own_doc(model: type[EventData]) -> str:
    doc = vars(model).get("__doc__")
    return inspect.cleandoc(doc) if doc else ""


def committed(relative: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((default_root() / relative).read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize("model", MODELS, ids=message_id)
def test_event_class_has_a_bilingual_docstring(model: type[EventData]) -> None:
    doc = own_doc(model)
    assert doc, f"{model.__qualname__} has no docstring of its own"
    first = doc.splitlines()[0]
    assert FIRST_LINE.match(first), f"{model.__qualname__}: want '中文 / English.', got {first!r}"


@pytest.mark.parametrize("model", MODELS, ids=message_id)
def test_payload_schema_is_described_by_the_docstring(model: type[EventData]) -> None:
    schema = committed(schema_file(model))
    assert schema.get("description"), f"{schema_file(model)} has no description"
    assert schema["description"] == own_doc(model)


def test_asyncapi_messages_are_summarised_from_the_docstrings() -> None:
    messages = committed(ASYNCAPI_FILE)["components"]["messages"]
    for model in MODELS:
        message = messages[message_id(model)]
        doc = own_doc(model)
        assert message["summary"] == doc.splitlines()[0]
        assert message["description"] == doc


def test_a_class_without_a_docstring_is_caught() -> None:
    class Undescribed(EventData):
        producer = "issues"
        event_name = "Undescribed"

    assert own_doc(Undescribed) == ""
    assert "description" not in Undescribed.model_json_schema()
