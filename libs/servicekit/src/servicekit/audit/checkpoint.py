"""Signed checkpoints: a service's log summarised by a Merkle root, signed with Ed25519.

A checkpoint is stored as an event in the service's own log (so the relay
publishes it) and kept by every other service that receives it. An attacker
who rewrites one service's whole store — recomputing every chain — still cannot
make its new roots match the signed checkpoints the other services hold.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from eventsourcing.domain import Aggregate, event

from servicekit.core.keys import load_or_create_ed25519_key

CHECKPOINT_NAMESPACE = uuid.UUID("2c0f4a1e-7d6b-4f0e-9a3b-1c5d8e7f6a20")


class Checkpoint(Aggregate):
    """This service's own signed checkpoint at a log position."""

    @staticmethod
    def create_id(service: str, position: int, **_: Any) -> uuid.UUID:
        return uuid.uuid5(CHECKPOINT_NAMESPACE, f"own:{service}:{position}")

    class Signed(Aggregate.Created):
        service: str
        position: int
        root: str
        key_id: str
        public_key: str
        signature: str

    @event(Signed)
    def __init__(
        self, service: str, position: int, root: str, key_id: str, public_key: str, signature: str
    ) -> None:
        self.service = service
        self.position = position
        self.root = root
        self.key_id = key_id
        self.public_key = public_key
        self.signature = signature


class KeptCheckpoint(Aggregate):
    """Another service's checkpoint, kept here as a witness."""

    @staticmethod
    def create_id(service: str, position: int, **_: Any) -> uuid.UUID:
        return uuid.uuid5(CHECKPOINT_NAMESPACE, f"kept:{service}:{position}")

    class Kept(Aggregate.Created):
        service: str
        position: int
        root: str
        key_id: str
        public_key: str
        signature: str

    @event(Kept)
    def __init__(
        self, service: str, position: int, root: str, key_id: str, public_key: str, signature: str
    ) -> None:
        self.service = service
        self.position = position
        self.root = root
        self.key_id = key_id
        self.public_key = public_key
        self.signature = signature


@dataclass(frozen=True)
class CheckpointRecord:
    service: str
    position: int
    root: str
    key_id: str
    public_key: str
    signature: str
    held_by: str

    @classmethod
    def from_state(cls, state: dict[str, Any], held_by: str) -> CheckpointRecord:
        return cls(
            service=str(state["service"]),
            position=int(state["position"]),
            root=str(state["root"]),
            key_id=str(state["key_id"]),
            public_key=str(state["public_key"]),
            signature=str(state["signature"]),
            held_by=held_by,
        )


def signed_message(service: str, position: int, root: str) -> bytes:
    return rfc8785.dumps({"service": service, "position": position, "root": root})


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


class CheckpointSigner:
    def __init__(self, key_path: Path) -> None:
        self._key: Ed25519PrivateKey = load_or_create_ed25519_key(key_path)
        raw = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.public_key = base64.b64encode(raw).decode()
        self.key_id = key_id_of(raw)

    def sign(self, service: str, position: int, root: str) -> str:
        return base64.b64encode(self._key.sign(signed_message(service, position, root))).decode()


def signature_valid(record: CheckpointRecord, trusted_key_ids: set[str] | None = None) -> bool:
    """The signature matches the record's key, and (when given) that key is trusted."""
    try:
        raw = base64.b64decode(record.public_key, validate=True)
        if key_id_of(raw) != record.key_id:
            return False
        if trusted_key_ids is not None and record.key_id not in trusted_key_ids:
            return False
        Ed25519PublicKey.from_public_bytes(raw).verify(
            base64.b64decode(record.signature, validate=True),
            signed_message(record.service, record.position, record.root),
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def trusted_key_id(key_path: Path) -> str:
    """Key id of a checkpoint key file (the auditor's list of keys it trusts)."""
    key = load_or_create_ed25519_key(key_path, create=False)
    return key_id_of(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
