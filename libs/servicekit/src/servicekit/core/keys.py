"""The development Ed25519 signing key: created once, shared by every local service."""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey


def load_or_create_ed25519_key(path: Path, *, create: bool = True) -> Ed25519PrivateKey:
    """Load the PEM private key at ``path``; when missing and ``create``, make one (mode 0600).

    Several services may start at once, so the key is written to a temporary file and
    linked into place: whoever links first wins and everyone else loads that key.
    """
    if not path.exists():
        if not create:
            raise FileNotFoundError(f"development signing key not found: {path}")
        _create_key_file(path)
    key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 private key")
    return key


def _create_key_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # mkstemp creates the file with mode 0600, so the key is never world-readable.
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".dev-key-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(pem)
        # If another process linked its key first, keep theirs.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def _b64url(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def ed25519_public_jwk(public_key: Ed25519PublicKey) -> dict[str, Any]:
    """The public key as a JWK whose ``kid`` is its RFC 7638 thumbprint."""
    x = _b64url(public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw))
    # RFC 7638: the required members only, lexicographic order, no whitespace.
    canonical = json.dumps({"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"))
    kid = _b64url(hashlib.sha256(canonical.encode("ascii")).digest())
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig"}
