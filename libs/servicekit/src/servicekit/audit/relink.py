"""Recomputing a stored event's chain link for the verifier: parse once, dump once, hash once.

``chain.recompute`` is the definition. The verifier calls ``relink`` for every
event of a log, so it skips what the definition pays for twice: the check for
numbers the stdlib cannot write as JCS does rides on the JSON parse (hooks that
give up on the first float, NaN/Infinity or inexact integer) instead of walking
the parsed state again, the parser and encoder are built once, and only the
state is dumped (the four-key document around it is written as text). Whatever
the fast path does not vouch for, and every error, is handed to ``recompute``,
so results and exceptions are exactly the definition's.
"""

from __future__ import annotations

import hashlib
import json

# The C halves of the json module, called directly: json.loads and JSONEncoder.encode
# wrap them in per-call Python work that cost about as much as the parse or the dump.
from _json import encode_basestring, make_encoder, make_scanner
from typing import Any, cast

from servicekit.audit.chain import CHAIN_KEY, GENESIS, SAFE_INT, bmp_utf8, recompute

Link = tuple[str | None, str | None, str]
"""(stored prev, stored hash, recomputed hash); the stored pair is None when unsealed."""


class _UnvouchedError(Exception):
    """The state holds a number the stdlib dump would not write as JCS does."""


def _refuse(_: str) -> Any:
    raise _UnvouchedError


def _exact_int(text: str) -> int:
    value = int(text)
    if -SAFE_INT < value < SAFE_INT:
        return value
    raise _UnvouchedError


_scan = make_scanner(
    cast(Any, json.JSONDecoder(parse_float=_refuse, parse_int=_exact_int, parse_constant=_refuse))
)
# json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False) minus the
# circular-reference bookkeeping, which a freshly parsed document cannot need.
_dump = make_encoder(
    None, json.JSONEncoder().default, encode_basestring, None, ":", ",", True, False, True
)


def relink(originator_id: str, version: int, topic: str, raw_state: bytes) -> Link:
    """The stored and the recomputed link of one stored event, as ``recompute`` finds them."""
    try:
        fast = _fast_link(originator_id, version, topic, raw_state)
    except Exception:
        # Not vouched for, or broken: the definition decides, and raises, as it always did.
        fast = None
    if fast is not None:
        return fast
    stored, again = recompute(originator_id, version, topic, raw_state)
    if stored is None:
        return None, None, again.hash
    return stored.prev, stored.hash, again.hash


def _fast_link(originator_id: str, version: int, topic: str, raw_state: bytes) -> Link | None:
    # Exact types only: the document is spliced below, where a bool or an int
    # subclass would print differently than the encoder writes it.
    if not (
        type(raw_state) is bytes
        and type(version) is int
        and -SAFE_INT < version < SAFE_INT
        and type(originator_id) is str
        and type(topic) is str
    ):
        return None
    # What json.loads does with bytes; a state opening with '{"' can only be UTF-8.
    encoding = "utf-8" if raw_state.startswith(b'{"') else json.detect_encoding(raw_state)
    text = raw_state.decode(encoding, "surrogatepass")
    state, end = _scan(text, 0)
    if end != len(text):
        return None  # trailing whitespace or junk: json.loads's own rules decide
    chain = state.pop(CHAIN_KEY, None)
    sealed = isinstance(chain, dict) and bool(chain)
    prev = str(chain.get("prev")) if sealed else GENESIS
    # canonical_event's document with its four keys already in sorted order,
    # written around the dumped state rather than dumped as one more object.
    canonical = bmp_utf8(
        f'{{"originator_id":{encode_basestring(originator_id)},'
        f'"originator_version":{version},"state":{"".join(_dump(state, 0))},'
        f'"topic":{encode_basestring(topic)}}}'
    )
    if canonical is None:
        return None
    again = hashlib.sha256(prev.encode("ascii") + canonical).hexdigest()
    if not sealed:
        return None, None, again
    return prev, str(chain.get("hash")), again
