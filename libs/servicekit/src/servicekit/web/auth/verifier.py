"""Bearer token verification: fixed algorithms, issuer, audience, expiry, known role."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import jwt

from servicekit.core.keys import ed25519_public_jwk, load_or_create_ed25519_key
from servicekit.web.auth.principal import AuthSettings, Principal, Role
from servicekit.web.problems import ServiceUnavailableError, UnauthorizedError

_REQUIRED_CLAIMS = ["iss", "aud", "sub", "role", "iat", "nbf", "exp"]
# Real tokens are a few hundred bytes; refusing giants early bounds the parsing work.
_MAX_TOKEN_CHARS = 8192
# Verified tokens kept (oldest dropped first): an office's staff and services reuse
# a token for hours, and checking its signature again cost ~0.3 ms per request.
_CACHE_ENTRIES = 4096


class TokenVerifier:
    """Turns a bearer token into a :class:`Principal` or raises :class:`UnauthorizedError`.

    The accepted algorithms come from the settings, never from the token header, and
    each key is bound to its own algorithm, so ``alg=none`` and HS256-with-a-public-key
    tokens are refused. Keys are looked up by the header's ``kid``.
    """

    def __init__(self, settings: AuthSettings) -> None:
        self._settings = settings
        self._local_keys: list[jwt.PyJWK] = []
        if settings.dev_key_path is not None:
            private_key = load_or_create_ed25519_key(
                settings.dev_key_path, create=settings.generate_dev_key
            )
            self._local_keys.append(jwt.PyJWK(ed25519_public_jwk(private_key.public_key())))
        if settings.jwks_file is not None:
            jwks = json.loads(settings.jwks_file.read_text(encoding="utf-8"))
            self._local_keys.extend(jwt.PyJWKSet.from_dict(jwks).keys)
        self._remote_keys = (
            jwt.PyJWKClient(settings.jwks_url, lifespan=settings.jwks_cache_seconds, timeout=5)
            if settings.jwks_url is not None
            else None
        )
        if not self._local_keys and self._remote_keys is None:
            raise ValueError("no verification key: set dev_key_path, jwks_file or jwks_url")
        self._verified: dict[str, tuple[Principal, float]] = {}
        self._lock = threading.Lock()

    @property
    def offline(self) -> bool:
        """True when verifying never waits for the network (no remote key set)."""
        return self._remote_keys is None

    def cached(self, token: str) -> Principal | None:
        """The principal of a token verified before and still valid; None otherwise.

        The key is the whole token, signature included, so only the very bytes that
        passed verification are recognised. An entry lives until the token's expiry
        (with the configured leeway) and at most ``jwks_cache_seconds``, the same
        time a key withdrawn from the key set is still honoured by the key cache.
        """
        entry = self._verified.get(token)
        if entry is None or time.time() >= entry[1]:
            return None
        return entry[0]

    def verify(self, token: str) -> Principal:
        """The principal named by ``token``; any doubt about the token is a 401."""
        principal = self.cached(token)
        if principal is not None:
            return principal
        principal, expires = self._verify_signed(token)
        now = time.time()
        until = min(
            expires + self._settings.leeway_seconds, now + self._settings.jwks_cache_seconds
        )
        with self._lock:
            if len(self._verified) >= _CACHE_ENTRIES:
                self._verified.pop(next(iter(self._verified)))
            self._verified[token] = (principal, until)
        return principal

    def _verify_signed(self, token: str) -> tuple[Principal, float]:
        if not token or len(token) > _MAX_TOKEN_CHARS:
            raise _invalid("令牌为空或过长 / token empty or too long")
        try:
            key = self._key_for(jwt.get_unverified_header(token).get("kid"))
            claims = jwt.decode(
                token,
                key,
                algorithms=list(self._settings.algorithms),
                audience=self._settings.audience,
                issuer=self._settings.issuer,
                leeway=self._settings.leeway_seconds,
                options={"require": _REQUIRED_CLAIMS},
            )
        except jwt.PyJWKClientConnectionError as error:
            raise ServiceUnavailableError(
                "无法获取令牌验证密钥 / verification keys unavailable"
            ) from error
        except jwt.PyJWTError as error:
            raise _invalid(f"令牌无效 / invalid token: {type(error).__name__}") from error
        lifetime = float(claims["exp"]) - float(claims["iat"])
        if lifetime > self._settings.max_token_lifetime_seconds:
            limit = self._settings.max_token_lifetime_seconds
            raise _invalid(
                f"令牌有效期 {lifetime:.0f} 秒，超过上限 {limit} 秒 / "
                f"token lifetime {lifetime:.0f} s exceeds the {limit} s limit"
            )
        return _principal_from(claims), float(claims["exp"])

    def _key_for(self, kid: Any) -> jwt.PyJWK:
        if kid is not None and not isinstance(kid, str):
            raise jwt.InvalidTokenError("kid must be a string")
        for key in self._local_keys:
            if key.key_id == kid:
                return key
        # A key set of one may omit key ids; with more keys the token must say which.
        if kid is None and len(self._local_keys) == 1:
            return self._local_keys[0]
        if kid is not None and self._remote_keys is not None:
            return self._remote_keys.get_signing_key(kid)
        raise jwt.InvalidTokenError("no verification key for this token")


def _invalid(detail: str) -> UnauthorizedError:
    return UnauthorizedError(detail, bearer_error="invalid_token")


def _principal_from(claims: dict[str, Any]) -> Principal:
    user, role, unit = claims.get("sub"), claims.get("role"), claims.get("unit")
    if not isinstance(user, str) or not user:
        raise _invalid("令牌缺少用户 / token has no subject")
    if role not in {member.value for member in Role}:
        raise _invalid("令牌角色未知 / unknown role in token")
    if unit is not None and (not isinstance(unit, str) or not unit):
        raise _invalid("令牌单位无效 / invalid unit in token")
    return Principal(user=user, role=Role(role), unit=unit, issued_at=int(claims["iat"]))
