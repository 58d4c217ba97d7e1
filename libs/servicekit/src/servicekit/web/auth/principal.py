"""Who is calling: roles from domain.md §9, the verified principal, and the auth settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from contracts.labels import ROLE_LABELS as CONTRACT_ROLE_LABELS

DEFAULT_ISSUER = "kpd-dev"
DEFAULT_AUDIENCE = "kpd"
MAX_LEEWAY_SECONDS = 60
# A person's token lives an hour at most (the workbench renews it while they work),
# so a stolen or revoked token is worth little for long.
DEFAULT_MAX_TOKEN_LIFETIME_SECONDS = 3600
# Symmetric algorithms would let anyone holding a published verification key mint tokens.
_ALLOWED_ALGORITHMS = frozenset(
    {"EdDSA", "ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512"}
)


class Role(StrEnum):
    """The roles of domain.md §9; the token's ``role`` claim holds one of these values."""

    COMMANDER = "commander"
    OFFICE = "office"
    SUBCOMMAND_COMMANDER = "subcommand_commander"
    DEPARTMENT = "department"
    COUNTY = "county"
    PROJECT_UNIT = "project_unit"
    LEADER = "leader"
    AUDITOR = "auditor"
    OPERATOR = "operator"


# Chinese display names from the one table (contracts.labels, which the workbench
# shows too), e.g. in a 403 naming the roles that may call a route.
ROLE_LABELS: dict[Role, str] = {role: CONTRACT_ROLE_LABELS[role.value] for role in Role}

# Roles whose token ``unit`` limits them to their own objects.
SCOPED_ROLES = frozenset(
    {Role.COUNTY, Role.DEPARTMENT, Role.PROJECT_UNIT, Role.SUBCOMMAND_COMMANDER, Role.LEADER}
)


@dataclass(frozen=True, slots=True)
class Principal:
    """The verified caller: user id, role and (for scoped roles) the unit it acts for."""

    user: str
    role: Role
    unit: str | None = None
    # The token's iat (epoch seconds), for the revocation list; not part of identity.
    issued_at: int = field(default=0, compare=False)


@dataclass(frozen=True, slots=True)
class AuthSettings:
    """How tokens are verified (and, in development, issued).

    Keys come from any of ``dev_key_path`` (an Ed25519 private key PEM, created when
    missing if ``generate_dev_key``), ``jwks_file`` or ``jwks_url``.
    """

    issuer: str = DEFAULT_ISSUER
    audience: str = DEFAULT_AUDIENCE
    algorithms: tuple[str, ...] = ("EdDSA",)
    leeway_seconds: int = 30
    dev_key_path: Path | None = None
    generate_dev_key: bool = False
    jwks_file: Path | None = None
    jwks_url: str | None = None
    jwks_cache_seconds: int = 300
    max_token_lifetime_seconds: int = DEFAULT_MAX_TOKEN_LIFETIME_SECONDS

    def __post_init__(self) -> None:
        if self.max_token_lifetime_seconds <= 0:
            raise ValueError("max_token_lifetime_seconds must be positive")
        if not 0 <= self.leeway_seconds <= MAX_LEEWAY_SECONDS:
            raise ValueError(f"leeway_seconds must be within 0..{MAX_LEEWAY_SECONDS}")
        if not self.algorithms:
            raise ValueError("at least one algorithm must be allowed")
        refused = set(self.algorithms) - _ALLOWED_ALGORITHMS
        if refused:
            raise ValueError(f"algorithms not allowed for token verification: {sorted(refused)}")
        if not (self.issuer and self.audience):
            raise ValueError("issuer and audience must not be empty")
