"""The verifier's fast paths give exactly the definitions' results and errors.

``relink`` against ``chain.recompute`` (property test over stored states, sealed
or not, with every kind of number and text), and the Merkle accumulator against
the plain height-tracking mountain range it replaced.
"""

from __future__ import annotations

import codecs
import hashlib
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from servicekit.audit.chain import GENESIS, recompute
from servicekit.audit.merkle import MerkleAccumulator
from servicekit.audit.relink import relink

ORIGINATOR = "6f7c370c-2ca2-4e0e-b60a-43979b0579be"
TOPIC = "bench.loader:BenchProject.Registered"
bmp = st.text(st.characters(max_codepoint=0xFFFF, exclude_categories=["Cs"]), max_size=12)
keys = st.one_of(bmp, st.text(max_size=6))
plain = st.one_of(st.none(), st.booleans(), st.integers(-(2**53) + 1, 2**53 - 1), bmp)
exotic = st.one_of(st.integers(), st.floats(allow_infinity=False, allow_nan=False), st.text())


def nested(leaves: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.lists(inner, max_size=3), st.dictionaries(keys, inner, max_size=3)
        ),
        max_leaves=12,
    )


chains: st.SearchStrategy[Any] = st.one_of(
    st.fixed_dictionaries({"prev": st.just(GENESIS), "hash": st.text(max_size=4)}),
    st.fixed_dictionaries({"prev": st.just(GENESIS), "hash": st.just(GENESIS)}),
    st.fixed_dictionaries({"prev": st.text(max_size=4)}),
    st.just({}),
    st.integers(),
)


def outcome(function: Any, *args: Any) -> Any:
    try:
        return function(*args)
    except Exception as exc:  # the same exception, with the same message, is the point
        return type(exc), str(exc)


def reference(originator: str, version: int, topic: str, raw: bytes) -> Any:
    stored, again = recompute(originator, version, topic, raw)
    return (stored.prev, stored.hash, again.hash) if stored else (None, None, again.hash)


def same_as_definition(raw: bytes, version: int = 3) -> None:
    expected = outcome(reference, ORIGINATOR, version, TOPIC, raw)
    assert outcome(relink, ORIGINATOR, version, TOPIC, raw) == expected


@settings(max_examples=400, deadline=None)
@given(
    st.dictionaries(keys, st.one_of(nested(plain), nested(st.one_of(plain, exotic))), max_size=5),
    st.one_of(st.none(), chains),
    st.booleans(),
    st.sampled_from([1, 2, 2**53 - 1, 2**53, True]),
)
def test_relink_equals_recompute(
    state: dict[str, Any], chain: Any, ascii_only: bool, version: int
) -> None:
    if chain is not None:
        state = {**state, "__chain__": chain}
    same_as_definition(json.dumps(state, ensure_ascii=ascii_only).encode(), version)


@pytest.mark.parametrize(
    "raw",
    [
        b'{"a":1.5,"__chain__":{"prev":"%s","hash":"x"}}' % GENESIS.encode(),
        b'{"big":9007199254740993}',
        b'{"n":NaN}',
        b'{"x":-Infinity}',
        '{"😀":1,"\ue000":2,"__chain__":{"prev":"p","hash":"h"}}'.encode(),
        b'{"s":"\\ud83d\\ude00"}',
        b'{"lone":"\\ud800"}',
        b'{"__chain__":{"prev":"\xc3\xa9","hash":"h"}}',
        b'  {"padded":true}  ',
        b'{"a":1} x',
        b'{"a":',
        b"\xff\xfe",
        codecs.BOM_UTF8 + b'{"bom":1}',
        '{"utf16":"文"}'.encode("utf-16"),
        b"[1,2]",
        b'"text"',
        b"{}",
    ],
)
def test_odd_states_are_decided_by_the_definition(raw: bytes) -> None:
    same_as_definition(raw)


def test_a_non_integer_version_goes_the_definition_s_way() -> None:
    raw = b'{"a":1}'
    version: Any = 2.0
    assert relink(ORIGINATOR, version, TOPIC, raw) == reference(ORIGINATOR, version, TOPIC, raw)


def leaf_hash(position: int, event_hash: str) -> bytes:
    return hashlib.sha256(b"\x00" + f"{position}:{event_hash}".encode("ascii")).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class HeightTrackingAccumulator:
    """The accumulator as first written: (height, hash) peaks, merged while heights match."""

    def __init__(self) -> None:
        self.peaks: list[tuple[int, bytes]] = []

    def append(self, position: int, event_hash: str) -> None:
        height, digest = 0, leaf_hash(position, event_hash)
        while self.peaks and self.peaks[-1][0] == height:
            digest = node_hash(self.peaks.pop()[1], digest)
            height += 1
        self.peaks.append((height, digest))

    def root(self) -> str:
        if not self.peaks:
            return "0" * 64
        digest = self.peaks[-1][1]
        for _, peak in reversed(self.peaks[:-1]):
            digest = node_hash(peak, digest)
        return digest.hex()


def test_merkle_roots_equal_the_height_tracking_accumulator() -> None:
    fast, plain = MerkleAccumulator(), HeightTrackingAccumulator()
    assert fast.root() == plain.root()
    for position in range(1, 300):
        event_hash = hashlib.sha256(str(position).encode()).hexdigest()
        fast.append(position * 3, event_hash)
        plain.append(position * 3, event_hash)
        assert fast.root() == plain.root()
    assert fast.size == 299
