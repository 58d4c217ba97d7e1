"""An append-only Merkle accumulator (a mountain range of perfect trees).

Leaves are appended one by one in log order; memory stays O(log n), so a
service can keep the root of its whole log current at every event, and a
verifier recomputes the same root in one pass. Leaf and node hashes are
domain-separated (0x00 / 0x01 prefixes, as in RFC 6962) so that a leaf can
never be passed off as an inner node.
"""

from __future__ import annotations

import hashlib


def leaf_hash(position: int, event_hash: str) -> bytes:
    return hashlib.sha256(b"\x00" + f"{position}:{event_hash}".encode("ascii")).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class MerkleAccumulator:
    def __init__(self) -> None:
        self.size = 0
        self._peaks: list[tuple[int, bytes]] = []  # (height, hash), highest first

    def append(self, position: int, event_hash: str) -> None:
        height, digest = 0, leaf_hash(position, event_hash)
        while self._peaks and self._peaks[-1][0] == height:
            _, left = self._peaks.pop()
            digest = node_hash(left, digest)
            height += 1
        self._peaks.append((height, digest))
        self.size += 1

    def root(self) -> str:
        """Hex root of everything appended so far (all zeros for an empty log)."""
        if not self._peaks:
            return "0" * 64
        digest = self._peaks[-1][1]
        for _, peak in reversed(self._peaks[:-1]):
            digest = node_hash(peak, digest)
        return digest.hex()
