"""Bearer JWT authentication, roles and object scopes for every kpd service.

Wire it once in ``create_app``: ``app.state.token_verifier = TokenVerifier(settings)``;
routes then take ``PrincipalDep`` or ``Depends(require_roles(...))`` and call
:func:`ensure_scope` after loading the object they act on.
"""

from servicekit.web.auth.dependencies import PrincipalDep, bearer_principal, require_roles
from servicekit.web.auth.issuer import DEFAULT_TOKEN_TTL, DevIssuer
from servicekit.web.auth.principal import (
    DEFAULT_AUDIENCE,
    DEFAULT_ISSUER,
    DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    ROLE_LABELS,
    SCOPED_ROLES,
    AuthSettings,
    Principal,
    Role,
)
from servicekit.web.auth.scope import ensure_scope
from servicekit.web.auth.verifier import TokenVerifier

__all__ = [
    "DEFAULT_AUDIENCE",
    "DEFAULT_ISSUER",
    "DEFAULT_MAX_TOKEN_LIFETIME_SECONDS",
    "DEFAULT_TOKEN_TTL",
    "ROLE_LABELS",
    "SCOPED_ROLES",
    "AuthSettings",
    "DevIssuer",
    "Principal",
    "PrincipalDep",
    "Role",
    "TokenVerifier",
    "bearer_principal",
    "ensure_scope",
    "require_roles",
]
