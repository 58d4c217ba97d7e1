"""The per-stream hash chain: each stored event seals its canonical form to its predecessor's.

``hash = sha256(prev_hash || JCS(event))`` where JCS is RFC 8785 canonical JSON of
the stored event (aggregate id, version, topic, and its state without the chain
fields). Altering a byte of a stored event, or removing one that has a
successor, breaks the chain; rewriting a whole store with recomputed chains is
caught by the signed checkpoints (see ``checkpoint.py``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

import rfc8785

CHAIN_KEY = "__chain__"
GENESIS = "0" * 64
# Integers JCS can carry exactly lie strictly inside ±2**53.
SAFE_INT = 2**53
# UTF-8 lead bytes of code points above U+FFFF (F5-FF never occur in valid UTF-8).
NON_BMP_LEADS = bytes(range(0xF0, 0x100))


@dataclass(frozen=True)
class Seal:
    prev: str
    hash: str


def canonical_event(originator_id: str, version: int, topic: str, state: dict[str, Any]) -> bytes:
    document: dict[str, Any] = {
        "originator_id": originator_id,
        "originator_version": version,
        "topic": topic,
        "state": state,
    }
    return canonical_json(document)


def canonical_encoded_event(
    originator_id: str, version: int, topic: str, encoded_state: bytes, state: dict[str, Any]
) -> bytes:
    """``canonical_event`` of a state the store has just encoded, without parsing it back.

    ``encoded_state`` must be ``state`` as written by a sorted, compact,
    non-ASCII-escaping JSON encoder (the store's transcoder). Where the fast path
    of ``canonical_json`` would apply — no float or unsafe integer, only string
    keys, text inside the BMP, values of types whose encoding is a string — those
    bytes are already the state's canonical form, and the document around them is
    spliced in key order (``originator_id`` < ``originator_version`` < ``state`` <
    ``topic``). Anything else is parsed back and canonicalised as before.
    """
    if (
        originator_id.isascii()
        and topic.isascii()
        and _plain(state)
        and len(encoded_state.translate(None, NON_BMP_LEADS)) == len(encoded_state)
    ):
        return b"".join(
            (
                b'{"originator_id":',
                SORTED_COMPACT.encode(originator_id).encode(),
                b',"originator_version":',
                str(int(version)).encode(),
                b',"state":',
                encoded_state,
                b',"topic":',
                SORTED_COMPACT.encode(topic).encode(),
                b"}",
            )
        )
    return canonical_event(originator_id, version, topic, json.loads(encoded_state))


# Types the store's transcoder writes as one JSON string (UUID, Decimal, date, datetime).
_STRING_ENCODED = (UUID, Decimal, date)


def _plain(value: Any) -> bool:
    """True when encoding ``value`` sorted and compact is already its JCS form."""
    if isinstance(value, str | bool) or value is None:
        return True
    if isinstance(value, int):
        return -SAFE_INT < value < SAFE_INT
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return all(_plain(v) for v in value)
    if isinstance(value, Enum):
        return _plain(value.value)
    return isinstance(value, _STRING_ENCODED)  # floats and anything else: parse back


# Built once: ``json.dumps`` with options builds a fresh encoder on every call.
SORTED_COMPACT = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(document: dict[str, Any]) -> bytes:
    """RFC 8785 (JCS) bytes of a document.

    For documents without floats whose text stays in the Basic Multilingual Plane,
    the standard library's sorted, compact, non-ASCII-escaping dump produces the
    very same bytes (JCS sorts keys by UTF-16 code units, which equals code-point
    order inside the BMP; its string escapes match Python's). That is the hot
    path of sealing and verification; anything else goes to the rfc8785 library.
    """
    if not _has_float(document):
        fast = bmp_utf8(SORTED_COMPACT.encode(document))
        if fast is not None:
            return fast
    return rfc8785.dumps(document)


def bmp_utf8(text: str) -> bytes | None:
    """UTF-8 of ``text`` if it stays inside the BMP, else None (then rfc8785 decides).

    Looking for 4-byte lead bytes in the encoded bytes is one C loop, where
    ``max(text)`` made a character object per character and cost more than the
    dump itself. A lone surrogate raises here just as encoding it always did.
    """
    try:
        encoded = text.encode("utf-8")
    except UnicodeEncodeError:
        if max(text) <= "\uffff":
            raise
        return None
    if len(encoded.translate(None, NON_BMP_LEADS)) != len(encoded):
        return None
    return encoded


def _has_float(value: Any) -> bool:
    """Floats, or integers JCS cannot carry exactly (those make rfc8785 refuse)."""
    if isinstance(value, float):
        return True
    if isinstance(value, int) and not isinstance(value, bool):
        return not -SAFE_INT < value < SAFE_INT
    if isinstance(value, dict):
        return any(_has_float(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_float(v) for v in value)
    return False


def seal(prev: str, canonical: bytes) -> Seal:
    return Seal(prev=prev, hash=hashlib.sha256(prev.encode("ascii") + canonical).hexdigest())


def split_state(raw_state: bytes) -> tuple[dict[str, Any], dict[str, str] | None]:
    """The stored state without its chain fields, and the chain fields (None when absent)."""
    state: dict[str, Any] = json.loads(raw_state)
    chain = state.pop(CHAIN_KEY, None)
    return state, chain if isinstance(chain, dict) else None


def recompute(
    originator_id: str, version: int, topic: str, raw_state: bytes
) -> tuple[Seal | None, Seal]:
    """(stored seal, recomputed seal) of one stored event."""
    state, chain = split_state(raw_state)
    stored = Seal(prev=str(chain.get("prev")), hash=str(chain.get("hash"))) if chain else None
    prev = stored.prev if stored else GENESIS
    return stored, seal(prev, canonical_event(originator_id, version, topic, state))
