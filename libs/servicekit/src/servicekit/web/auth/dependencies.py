"""FastAPI dependencies: the bearer principal and role checks (deny by default)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.concurrency import run_in_threadpool
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from servicekit.web.auth.principal import ROLE_LABELS, Principal, Role
from servicekit.web.auth.verifier import TokenVerifier
from servicekit.web.problems import ForbiddenError, ServiceUnavailableError, UnauthorizedError

# Only declares the scheme in OpenAPI; the header is parsed below so that a missing
# or malformed header gets our problem document, not FastAPI's own error.
_bearer_scheme = HTTPBearer(auto_error=False, description="kpd JWT (EdDSA)")


async def bearer_principal(
    request: Request,
    _credentials: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer_scheme)] = None,
) -> Principal:
    """The caller named by ``Authorization: Bearer``; verified by ``app.state.token_verifier``."""
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise UnauthorizedError("缺少 Bearer 令牌 / missing bearer token")
    verifier = getattr(request.app.state, "token_verifier", None)
    if not isinstance(verifier, TokenVerifier):
        raise RuntimeError("app.state.token_verifier is not configured")
    token = token.strip()
    # On the event loop, not a worker thread (a thread hop per dependency was a
    # visible share of each request), unless verifying may fetch remote keys.
    principal = verifier.cached(token)
    if principal is None:
        if verifier.offline:
            principal = verifier.verify(token)
        else:
            principal = await run_in_threadpool(verifier.verify, token)
    revoked = getattr(request.app.state, "revocations", None)
    if revoked is not None and not revoked.loaded:
        raise ServiceUnavailableError(
            "吊销名单尚未载入，请稍后重试 / revocation list not loaded yet"
        )
    reason = revoked.refusal(principal.user, principal.issued_at) if revoked else None
    if reason is not None:
        raise UnauthorizedError(reason, bearer_error="invalid_token")
    # Kept for access logs and the actor of recorded events.
    request.state.principal = principal
    return principal


PrincipalDep = Annotated[Principal, Depends(bearer_principal)]


def require_roles(*roles: Role | str) -> Callable[[Principal], Awaitable[Principal]]:
    """A dependency that admits only the listed roles and returns the principal."""
    allowed = frozenset(Role(role) for role in roles)
    if not allowed:
        raise ValueError("require_roles needs at least one role")
    # Built once per route: the refusal tells the caller whom to ask instead.
    in_order = [role for role in Role if role in allowed]
    labels = "、".join(ROLE_LABELS[role] for role in in_order)
    detail = (
        f"当前角色无权执行此操作，仅限：{labels} / "
        f"your role may not do this; allowed: {', '.join(in_order)}"
    )
    extensions = {"allowed_roles": [str(role) for role in in_order]}

    async def principal_with_role(principal: PrincipalDep) -> Principal:
        if principal.role not in allowed:
            raise ForbiddenError(detail, extensions=extensions)
        return principal

    return principal_with_role
