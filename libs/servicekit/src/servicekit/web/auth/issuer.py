"""The development token issuer behind ``kpd token`` and the embedded setup."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import jwt

from servicekit.core.keys import ed25519_public_jwk, load_or_create_ed25519_key
from servicekit.web.auth.principal import DEFAULT_AUDIENCE, DEFAULT_ISSUER, Principal

DEFAULT_TOKEN_TTL = timedelta(hours=1)  # the verifiers' default limit


class DevIssuer:
    """Signs tokens with the development Ed25519 key at ``key_path`` (created if missing)."""

    def __init__(
        self,
        key_path: Path,
        *,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
    ) -> None:
        self._private_key = load_or_create_ed25519_key(key_path)
        self._jwk = ed25519_public_jwk(self._private_key.public_key())
        self.issuer = issuer
        self.audience = audience

    @property
    def kid(self) -> str:
        """The key id put in every token header (the key's JWK thumbprint)."""
        return str(self._jwk["kid"])

    def issue(
        self,
        principal: Principal,
        ttl: timedelta = DEFAULT_TOKEN_TTL,
        now: datetime | None = None,
        extra_claims: Mapping[str, Any] | None = None,
    ) -> str:
        """A signed JWT for ``principal``, valid from ``now`` for ``ttl``.

        ``extra_claims`` (e.g. the workbench's session id) may not override the
        registered claims above.
        """
        if ttl <= timedelta(0):
            raise ValueError("ttl must be positive")
        issued_at = now if now is not None else datetime.now(UTC)
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": principal.user,
            "role": principal.role.value,
            "iat": issued_at,
            "nbf": issued_at,
            "exp": issued_at + ttl,
            "jti": str(uuid.uuid4()),
        }
        if principal.unit is not None:
            claims["unit"] = principal.unit
        for name, value in (extra_claims or {}).items():
            if name in claims or name == "unit":
                raise ValueError(f"extra claim {name!r} would override a registered claim")
            claims[name] = value
        return jwt.encode(claims, self._private_key, algorithm="EdDSA", headers={"kid": self.kid})

    def public_jwks(self) -> dict[str, Any]:
        """The verification key as a JWK Set, for ``jwks_file`` or a JWKS endpoint."""
        return {"keys": [dict(self._jwk)]}
