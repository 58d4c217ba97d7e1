"""``kpd token``: print a bearer token signed by the development issuer.

The key is the one the embedded services verify with, so the token works against
them directly: ``curl -H "Authorization: Bearer $(kpd token --role county --unit …)"``.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

from servicekit.web.auth import (
    DEFAULT_AUDIENCE,
    DEFAULT_ISSUER,
    DEFAULT_MAX_TOKEN_LIFETIME_SECONDS,
    SCOPED_ROLES,
    DevIssuer,
    Principal,
    Role,
)

DEFAULT_KEY_PATH = Path("var/keys/dev-jwt-ed25519.pem")
# The same names the services read (ServiceSettings.jwt_dev_key and var_dir): one
# variable per setting, so a key moved for the services is moved for the CLI too.
KEY_PATH_ENV = "KPD_JWT_DEV_KEY"
VAR_DIR_ENV = "KPD_VAR_DIR"
_MAX_TTL_HOURS = 24  # the most KPD_JWT_MAX_TOKEN_LIFETIME_S allows


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the ``token`` subcommand on the ``kpd`` command line."""
    parser = subparsers.add_parser(
        "token",
        help="签发开发用令牌 / print a development bearer token",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--role", required=True, choices=[role.value for role in Role])
    parser.add_argument("--unit", help="所属单位 id（县区、部门、项目、分指挥部、领导）")
    parser.add_argument("--user", help="用户 id（默认 dev-<role>）")
    parser.add_argument(
        "--ttl-hours",
        type=float,
        default=1.0,
        help="有效期（小时），默认 1；服务拒收超过 "
        "$KPD_JWT_MAX_TOKEN_LIFETIME_S（默认 1 小时）的令牌",
    )
    parser.add_argument(
        "--key",
        type=Path,
        help=(
            f"签名私钥 PEM（默认 ${KEY_PATH_ENV}，否则 ${VAR_DIR_ENV}/keys/…，"
            f"否则 ./{DEFAULT_KEY_PATH}；不存在则生成）"
        ),
    )
    parser.add_argument("--issuer", default=DEFAULT_ISSUER, help="iss 声明")
    parser.add_argument("--audience", default=DEFAULT_AUDIENCE, help="aud 声明")
    parser.set_defaults(func=run)


def key_path_from(args: argparse.Namespace) -> Path:
    """The signing key: ``--key``, else ``$KPD_JWT_DEV_KEY``, else the services' default
    under ``$KPD_VAR_DIR`` (``./var`` when unset)."""
    if args.key is not None:
        return Path(args.key)
    from_env = os.environ.get(KEY_PATH_ENV)
    if from_env:
        return Path(from_env)
    var_dir = os.environ.get(VAR_DIR_ENV)
    return Path(var_dir) / "keys" / DEFAULT_KEY_PATH.name if var_dir else DEFAULT_KEY_PATH


def run(args: argparse.Namespace) -> int:
    """Print the token on stdout; complain on stderr and return 2 for unusable options."""
    role = Role(args.role)
    if role in SCOPED_ROLES and not args.unit:
        print(f"角色 {role.value} 需要 --unit（其所属单位 id）", file=sys.stderr)
        return 2
    if not 0 < args.ttl_hours <= _MAX_TTL_HOURS:
        print(f"--ttl-hours 须在 0 与 {_MAX_TTL_HOURS} 之间", file=sys.stderr)
        return 2
    if args.ttl_hours * 3600 > DEFAULT_MAX_TOKEN_LIFETIME_SECONDS:
        print(
            "注意：服务默认拒收有效期超过 1 小时的令牌；需要更长时请相应调高 "
            "KPD_JWT_MAX_TOKEN_LIFETIME_S / services refuse tokens living over 1 h by default",
            file=sys.stderr,
        )
    issuer = DevIssuer(key_path_from(args), issuer=args.issuer, audience=args.audience)
    principal = Principal(user=args.user or f"dev-{role.value}", role=role, unit=args.unit)
    print(issuer.issue(principal, ttl=timedelta(hours=args.ttl_hours)))
    return 0
