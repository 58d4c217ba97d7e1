"""Hashing the stored bytes as they are gives the same canonical form as parsing them back.

Sealing takes ``canonical_encoded_event`` over the bytes the store's sorted
transcoder just wrote; verification parses stored bytes and canonicalises them
(``canonical_event``). If the two ever differ, every new event fails its audit,
so the property is tried on the kinds of values events carry: Chinese text,
control characters, non-BMP text, floats, unsafe integers, integer keys,
UUIDs, Decimals, dates, datetimes and enums.
"""

from __future__ import annotations

import json
from datetime import date
from enum import Enum
from typing import Any

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.audit.chain import canonical_encoded_event, canonical_event
from servicekit.eventstore.mapper import sort_keys
from servicekit.eventstore.transcoding import register_transcodings


class Light(Enum):
    RED = "红"
    GREEN = "绿"


class Ratio(Enum):
    HALF = 0.5  # a float behind an enum: must take the parse-back path


def _transcoder() -> JSONTranscoder:
    # As KpdApplication.construct_transcoder: the library's own, then kpd's, then sorted.
    transcoder = JSONTranscoder()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        transcoder.register(transcoding)
    register_transcodings(transcoder, (Light, Ratio))
    sort_keys(transcoder)
    return transcoder


TRANSCODER = _transcoder()
keys = st.one_of(st.text(max_size=6), st.sampled_from(["名称", "a", "_type_", "😀", "\x00"]))
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**60), max_value=2**60),  # unsafe ones too
    st.text(max_size=12),
    st.sampled_from(["临汾市尧都区", '\u2028\x1f"\\', "𠀀汾"]),
    st.floats(allow_nan=False, allow_infinity=False),
    st.uuids(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.dates(),
    st.datetimes(),
    st.sampled_from(list(Light) + list(Ratio)),
)
values = st.recursive(
    leaves,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(keys, inner, max_size=3),
        st.dictionaries(st.integers(-12, 12), inner, min_size=2, max_size=3),  # int keys: text
    ),
    max_leaves=12,
)


@settings(max_examples=600, deadline=None)
@given(
    st.dictionaries(keys, values, max_size=5),
    st.sampled_from(["0f6c3e2a-7a3b-4c8e-9d51-3f0a2b1c4d5e", "项目-1"]),
    st.sampled_from(["registry.domain:Project.Registered", "x:事件"]),
)
def test_spliced_bytes_equal_parsed_back_canonical_form(
    state: dict[str, Any], originator_id: str, topic: str
) -> None:
    try:
        encoded = TRANSCODER.encode(state)
        expected = canonical_event(originator_id, 3, topic, json.loads(encoded))
    except (UnicodeEncodeError, ValueError):
        return  # a lone surrogate or an integer JCS refuses: no path can store it
    assert canonical_encoded_event(originator_id, 3, topic, encoded, state) == expected


def test_common_event_is_spliced_not_reparsed() -> None:
    state = {"name": "临汾市尧都区", "light": Light.RED, "when": date(2026, 3, 1)}
    encoded = TRANSCODER.encode(state)
    spliced = canonical_encoded_event("p", 1, "t", encoded, state)
    assert encoded in spliced  # the stored bytes themselves are what is hashed
    assert spliced == canonical_event("p", 1, "t", json.loads(encoded))


def test_values_the_sorted_bytes_do_not_canonicalise_are_parsed_back() -> None:
    # Integer keys sort as numbers in Python (-5 < -1) but as text in JCS ("-1" < "-5");
    # a float's JSON differs from its JCS form; a non-BMP key sorts by UTF-16 units.
    for state in (
        {"by_county": {-5: "a", -1: "b", 10: "c", 2: "d"}},
        {"ratio": 1e16, "tiny": 1e-7, "light": Ratio.HALF},
        {"😀": 1, "\uffff": 2},
    ):
        encoded = TRANSCODER.encode(state)
        expected = canonical_event("p", 1, "t", json.loads(encoded))
        assert canonical_encoded_event("p", 1, "t", encoded, state) == expected
