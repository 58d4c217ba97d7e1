"""The fast canonical-JSON path gives exactly RFC 8785's bytes (property test against rfc8785)."""

from __future__ import annotations

from typing import Any

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.audit.chain import canonical_json

SAFE = 2**53 - 1
keys = st.text(max_size=8)
leaves = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-SAFE, max_value=SAFE),
    st.text(max_size=20),
    st.floats(allow_nan=False, allow_infinity=False),
)
documents = st.recursive(
    leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)),
    max_leaves=20,
)


@settings(max_examples=500, deadline=None)
@given(st.dictionaries(keys, documents, max_size=5))
def test_fast_path_equals_rfc8785(document: dict[str, Any]) -> None:
    try:
        expected = rfc8785.dumps(document)
    except (rfc8785.CanonicalizationError, UnicodeEncodeError):
        return  # neither path can encode it (e.g. lone surrogates)
    assert canonical_json(document) == expected


def test_chinese_and_non_bmp_text() -> None:
    document = {"名称": "临汾市尧都区", "emoji": "😀", "b": {"a": 1}}
    assert canonical_json(document) == rfc8785.dumps(document)
