"""Bearer token verification: fixed algorithms, issuer, audience, expiry, known role."""

from __future__ import annotations

import json
from typing import Any

import jwt

from servicekit.auth.keys import ed25519_public_jwk, load_or_create_ed25519_key
from servicekit.auth.principal import AuthSettings, Principal, Role
from servicekit.problems import ServiceUnavailableError, UnauthorizedError

_REQUIRED_CLAIMS = ["iss", "aud", "sub", "role", "iat", "nbf", "exp"]
# Real tokens are a few hundred bytes; refusing giants early bounds the parsing work.
_MAX_TOKEN_CHARS = 8192


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

    def verify(self, token: str) -> Principal:
        """The principal named by ``token``; any doubt about the token is a 401."""
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
        return _principal_from(claims)

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
    return Principal(user=user, role=Role(role), unit=unit)
