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
from datetime import datetime
from pathlib import Path
from typing import Any, TypedDict

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
    """Another service's checkpoint, kept here and countersigned by this service.

    The countersignature (the Certificate Transparency witness's cosignature)
    binds the copy to its holder: whoever controls the holder's store but not
    its key cannot plant or alter a copy unseen.
    """

    @staticmethod
    def create_id(service: str, position: int, **_: Any) -> uuid.UUID:
        return uuid.uuid5(CHECKPOINT_NAMESPACE, f"kept:{service}:{position}")

    class Kept(Aggregate.Created):
        class_version = 2
        service: str
        position: int
        root: str
        key_id: str
        public_key: str
        signature: str
        witness: str
        witness_key_id: str
        witness_public_key: str
        witness_signature: str

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            # Copies kept before countersigning: no witness; verify refuses them.
            for name in ("witness", "witness_key_id", "witness_public_key", "witness_signature"):
                state[name] = ""

    @event(Kept)
    def __init__(
        self,
        service: str,
        position: int,
        root: str,
        key_id: str,
        public_key: str,
        signature: str,
        witness: str,
        witness_key_id: str,
        witness_public_key: str,
        witness_signature: str,
    ) -> None:
        self.service = service
        self.position = position
        self.root = root
        self.key_id = key_id
        self.public_key = public_key
        self.signature = signature
        self.witness = witness
        self.witness_key_id = witness_key_id
        self.witness_public_key = witness_public_key
        self.witness_signature = witness_signature


@dataclass(frozen=True)
class CheckpointRecord:
    service: str
    position: int
    root: str
    key_id: str
    public_key: str
    signature: str
    held_by: str
    # The holder's countersignature, on kept copies only (empty on own checkpoints).
    witness: str = ""
    witness_key_id: str = ""
    witness_public_key: str = ""
    witness_signature: str = ""
    recorded_at: datetime | None = None

    @classmethod
    def from_state(
        cls, state: dict[str, Any], held_by: str, recorded_at: datetime | None = None
    ) -> CheckpointRecord:
        return cls(
            service=str(state["service"]),
            position=int(state["position"]),
            root=str(state["root"]),
            key_id=str(state["key_id"]),
            public_key=str(state["public_key"]),
            signature=str(state["signature"]),
            held_by=held_by,
            witness=str(state.get("witness", "")),
            witness_key_id=str(state.get("witness_key_id", "")),
            witness_public_key=str(state.get("witness_public_key", "")),
            witness_signature=str(state.get("witness_signature", "")),
            recorded_at=recorded_at,
        )


def signed_message(service: str, position: int, root: str) -> bytes:
    return rfc8785.dumps({"service": service, "position": position, "root": root})


def witnessed_message(witness: str, service: str, position: int, root: str) -> bytes:
    """What a witness signs; its ``witness`` key keeps it apart from a producer's message."""
    return rfc8785.dumps(
        {"witness": witness, "service": service, "position": position, "root": root}
    )


def key_id_of(public_raw: bytes) -> str:
    return hashlib.sha256(public_raw).hexdigest()[:16]


class Countersignature(TypedDict):
    """The witness fields of a kept copy."""

    witness: str
    witness_key_id: str
    witness_public_key: str
    witness_signature: str


class CheckpointSigner:
    def __init__(self, key_path: Path) -> None:
        self._key: Ed25519PrivateKey = load_or_create_ed25519_key(key_path)
        raw = self._key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        self.public_key = base64.b64encode(raw).decode()
        self.key_id = key_id_of(raw)

    def sign(self, service: str, position: int, root: str) -> str:
        return base64.b64encode(self._key.sign(signed_message(service, position, root))).decode()

    def countersign(self, witness: str, record: CheckpointRecord) -> Countersignature:
        """The witness fields of a kept copy of ``record``, held and signed by ``witness``."""
        message = witnessed_message(witness, record.service, record.position, record.root)
        return {
            "witness": witness,
            "witness_key_id": self.key_id,
            "witness_public_key": self.public_key,
            "witness_signature": base64.b64encode(self._key.sign(message)).decode(),
        }


def signature_valid(record: CheckpointRecord, trusted_key_ids: set[str] | None = None) -> bool:
    """The signature matches the record's key, and (when given) that key is trusted."""
    message = signed_message(record.service, record.position, record.root)
    return _valid(record.public_key, record.key_id, record.signature, message, trusted_key_ids)


def countersignature_valid(
    record: CheckpointRecord, trusted_key_ids: set[str] | None = None
) -> bool:
    """The copy is countersigned by its holder, with a key trusted (when given) for it."""
    if record.witness != record.held_by:
        return False  # a copy moved from another store, or kept before countersigning
    message = witnessed_message(record.witness, record.service, record.position, record.root)
    return _valid(
        record.witness_public_key,
        record.witness_key_id,
        record.witness_signature,
        message,
        trusted_key_ids,
    )


def _valid(
    public_key: str,
    key_id: str,
    signature: str,
    message: bytes,
    trusted_key_ids: set[str] | None,
) -> bool:
    try:
        raw = base64.b64decode(public_key, validate=True)
        if key_id_of(raw) != key_id:
            return False
        if trusted_key_ids is not None and key_id not in trusted_key_ids:
            return False
        Ed25519PublicKey.from_public_bytes(raw).verify(
            base64.b64decode(signature, validate=True), message
        )
    except (InvalidSignature, ValueError):
        return False
    return True


def trusted_key_id(key_path: Path) -> str:
    """Key id of a checkpoint key file (the auditor's list of keys it trusts)."""
    key = load_or_create_ed25519_key(key_path, create=False)
    return key_id_of(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
