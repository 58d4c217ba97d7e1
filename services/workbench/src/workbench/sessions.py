"""Signed-in sessions: a kpd JWT in an HttpOnly cookie, checked against the directory.

The cookie holds the very bearer token the workbench sends to the services, so the
services enforce roles and scopes as for any client. It is short-lived and renewed
while the person works; each request also looks the account up, so a disabled
account or a changed password ends every session at once.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import time
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import jwt

from servicekit.core.keys import load_or_create_ed25519_key
from servicekit.web.auth import AuthSettings, DevIssuer, Principal, Role, TokenVerifier
from servicekit.web.problems import ProblemError
from workbench.directory import UserDirectory
from workbench.domain import UserAccount
from workbench.settings import WorkbenchSettings

SESSION_COOKIE = "kpd_session"
LOGIN_COOKIE = "kpd_login"


@dataclass(frozen=True)
class Session:
    """The signed-in person behind a request."""

    principal: Principal
    token: str
    sid: str
    csrf_token: str
    display_name: str
    # Set when the token was renewed on this request: the cookie must be replaced.
    renewed_token: str | None = None
    # Read-your-writes (workbench.consistency): the log positions of this person's
    # recent commands per service, from the cookie, and those this request adds.
    seen: dict[str, int] = field(default_factory=dict)
    written: dict[str, int] = field(default_factory=dict)

    @property
    def role(self) -> Role:
        return self.principal.role

    @property
    def unit(self) -> str | None:
        return self.principal.unit


class SessionManager:
    def __init__(self, settings: WorkbenchSettings, directory: UserDirectory) -> None:
        self._settings = settings
        self._directory = directory
        key_path = settings.signing_key_path
        self._issuer = DevIssuer(
            key_path, issuer=settings.jwt_issuer, audience=settings.jwt_audience
        )
        self._verifier = TokenVerifier(
            AuthSettings(
                issuer=settings.jwt_issuer,
                audience=settings.jwt_audience,
                leeway_seconds=settings.jwt_leeway_s,
                dev_key_path=key_path,
                max_token_lifetime_seconds=settings.jwt_max_token_lifetime_s,
            )
        )
        load_or_create_ed25519_key(key_path)
        self._csrf_key = _load_or_create_secret(settings)
        self._idle = timedelta(minutes=settings.session_idle_minutes)
        self._max_seconds = settings.session_max_hours * 3600

    def sign_in(self, account: UserAccount) -> str:
        """A new session's token for an account whose password was just checked."""
        return self._issue(account, sid=uuid.uuid4().hex, auth_time=int(time.time()))

    def resume(self, token: str) -> Session | None:
        """The session of a cookie's token, or ``None`` when it no longer holds."""
        try:
            principal = self._verifier.verify(token)
        except ProblemError:
            return None
        claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
        account = self._directory.find(principal.user)
        if account is None or not account.honours_session(claims.get("gen")):
            return None
        if account.role != principal.role.value or account.unit != principal.unit:
            return None
        auth_time = int(claims.get("auth_time", 0))
        now = time.time()
        if now - auth_time > self._max_seconds:
            return None
        renewed = None
        if now - float(claims["iat"]) > self._idle.total_seconds() / 2:
            renewed = self._issue(account, sid=str(claims["sid"]), auth_time=auth_time)
        return Session(
            principal=principal,
            token=renewed or token,
            sid=str(claims["sid"]),
            csrf_token=self.csrf_token(str(claims["sid"])),
            display_name=account.display_name,
            renewed_token=renewed,
        )

    def csrf_token(self, sid: str) -> str:
        return hmac.new(self._csrf_key, f"session:{sid}".encode(), hashlib.sha256).hexdigest()

    def login_csrf_token(self, nonce: str) -> str:
        return hmac.new(self._csrf_key, f"login:{nonce}".encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def tokens_match(expected: str, given: str | None) -> bool:
        return given is not None and hmac.compare_digest(expected, given)

    @property
    def cookie_max_age(self) -> int:
        return int(self._idle.total_seconds())

    def _issue(self, account: UserAccount, *, sid: str, auth_time: int) -> str:
        principal = Principal(user=account.username, role=Role(account.role), unit=account.unit)
        return self._issuer.issue(
            principal,
            ttl=self._idle,
            extra_claims={"sid": sid, "gen": account.session_generation, "auth_time": auth_time},
        )


def _load_or_create_secret(settings: WorkbenchSettings) -> bytes:
    """The CSRF key; several workbench processes may start at once, the first link wins."""
    path = settings.csrf_secret_path
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}")
        temporary.write_bytes(secrets.token_bytes(32))
        temporary.chmod(0o600)
        try:
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)
        finally:
            temporary.unlink()
    return path.read_bytes()
