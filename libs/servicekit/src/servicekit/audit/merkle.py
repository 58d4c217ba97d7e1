"""An append-only Merkle accumulator (a mountain range of perfect trees).

Leaves are appended one by one in log order; memory stays O(log n), so a
service can keep the root of its whole log current at every event, and a
verifier recomputes the same root in one pass. Leaf and node hashes are
domain-separated (0x00 / 0x01 prefixes, as in RFC 6962) so that a leaf can
never be passed off as an inner node.
"""

from __future__ import annotations

from hashlib import sha256


def leaf_hash(position: int, event_hash: str) -> bytes:
    return sha256(f"\x00{position}:{event_hash}".encode("ascii")).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return sha256(b"\x01" + left + right).digest()


class MerkleAccumulator:
    def __init__(self) -> None:
        self.size = 0
        # One peak per set bit of ``size``, highest first: the heights are implied,
        # so an append merges as many peaks as ``size`` has trailing one bits.
        self._peaks: list[bytes] = []

    def append(self, position: int, event_hash: str) -> None:
        digest = sha256(f"\x00{position}:{event_hash}".encode("ascii")).digest()
        size = self.size
        peaks = self._peaks
        while size & 1:
            digest = sha256(b"\x01" + peaks.pop() + digest).digest()
            size >>= 1
        peaks.append(digest)
        self.size += 1

    def root(self) -> str:
        """Hex root of everything appended so far (all zeros for an empty log)."""
        if not self._peaks:
            return "0" * 64
        digest = self._peaks[-1]
        for peak in reversed(self._peaks[:-1]):
            digest = node_hash(peak, digest)
        return digest.hex()
