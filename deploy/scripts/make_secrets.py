"""Secrets for the compose deployment: passwords in .env, token keys in deploy/secrets/.

    uv run python deploy/scripts/make_secrets.py            # first start: all of it
    uv run python deploy/scripts/make_secrets.py --new-key issuer-2026   # key rotation
    uv run python deploy/scripts/make_secrets.py --drop-key issuer-2025  # after rotation

.env gets a random password for every ``KPD_*_PASSWORD`` that docker-compose.yml
requires (``${KPD_…_PASSWORD:?…}``: kpd's own users; compose refuses to start
without them) and that the file does not set yet; existing values are never
changed. A password someone else issues (``KPD_NOTIFY_SMTP_PASSWORD``, the city's
mail relay) is optional there and left for the operator to write.
deploy/secrets/<name>.pem are Ed25519 token-signing keys, and deploy/secrets/jwks.json
holds the public half of every key there, which the services verify tokens with.
The first start makes two: issuer-1.pem (the development issuer's; tokens with
``uv run kpd token --key deploy/secrets/issuer-1.pem --role office``) and
workbench.pem, the key the workbench signs its session tokens with. It also makes
workbench-csrf.key, the workbench's CSRF key (32 random bytes), whenever it is missing.
No existing key file is ever overwritten.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import secrets
import sys
from pathlib import Path

from servicekit.web.auth import DevIssuer

REPO = Path(__file__).resolve().parents[2]
COMPOSE_FILE = REPO / "docker-compose.yml"
SECRETS_DIR = REPO / "deploy" / "secrets"
FIRST_KEY = "issuer-1"
# The workbench's session signing key (docker-compose.yml, secret workbench-session-key).
WORKBENCH_KEY = "workbench"
# The workbench's CSRF HMAC key (secret workbench-csrf); shared by all its processes.
WORKBENCH_CSRF_FILE = "workbench-csrf.key"
CSRF_KEY_BYTES = 32
_PASSWORD_VARIABLE = re.compile(r"\$\{(KPD_[A-Z0-9_]*PASSWORD):\?[^}]*\}")


def password_variables(compose_text: str) -> list[str]:
    """Every ``${KPD_…PASSWORD:?…}`` the compose file requires, in first-use order."""
    return list(dict.fromkeys(_PASSWORD_VARIABLE.findall(compose_text)))


def fill_env_file(env_file: Path, variables: list[str]) -> list[str]:
    """Append a random value for each variable the file lacks; returns those added."""
    text = env_file.read_text(encoding="utf-8") if env_file.exists() else ""
    present = {line.split("=", 1)[0].strip() for line in text.splitlines() if "=" in line}
    missing = [name for name in variables if name not in present]
    if missing:
        lines = [f"{name}={secrets.token_urlsafe(24)}" for name in missing]
        separator = "" if not text or text.endswith("\n") else "\n"
        env_file.write_text(text + separator + "\n".join(lines) + "\n", encoding="utf-8")
        env_file.chmod(0o600)
    return missing


def write_secret_file(path: Path, size: int = CSRF_KEY_BYTES) -> bool:
    """Create ``path`` with ``size`` random bytes, mode 0600; False when it already exists."""
    try:
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return False
    with os.fdopen(handle, "wb") as stream:
        stream.write(secrets.token_bytes(size))
    return True


def write_jwks(secrets_dir: Path) -> list[str]:
    """jwks.json = public keys of every <name>.pem in ``secrets_dir``; returns their kids."""
    keys = [DevIssuer(pem).public_jwks()["keys"][0] for pem in sorted(secrets_dir.glob("*.pem"))]
    (secrets_dir / "jwks.json").write_text(json.dumps({"keys": keys}, indent=2) + "\n")
    return [str(key["kid"]) for key in keys]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--env-file", type=Path, default=REPO / ".env")
    parser.add_argument("--secrets-dir", type=Path, default=SECRETS_DIR)
    parser.add_argument("--new-key", metavar="NAME", help="create <secrets-dir>/NAME.pem")
    parser.add_argument("--drop-key", metavar="NAME", help="delete <secrets-dir>/NAME.pem")
    args = parser.parse_args(argv)

    added = fill_env_file(args.env_file, password_variables(COMPOSE_FILE.read_text("utf-8")))
    for name in added:
        sys.stdout.write(f"{args.env_file}: 新密码 {name}\n")
    args.secrets_dir.mkdir(parents=True, exist_ok=True)
    if args.drop_key:
        (args.secrets_dir / f"{args.drop_key}.pem").unlink()
    first_start = not args.drop_key and not any(args.secrets_dir.glob("*.pem"))
    new_keys = [args.new_key] if args.new_key else []
    if first_start:
        # The issuer's key (named by --new-key if given) and the workbench's.
        new_keys = list(dict.fromkeys([args.new_key or FIRST_KEY, WORKBENCH_KEY]))
    for new_key in new_keys:
        DevIssuer(args.secrets_dir / f"{new_key}.pem")  # creates the key file if missing
        sys.stdout.write(f"新签名密钥 {args.secrets_dir / f'{new_key}.pem'}\n")
    csrf = args.secrets_dir / WORKBENCH_CSRF_FILE
    if write_secret_file(csrf):
        sys.stdout.write(f"新工作台 CSRF 密钥 {csrf}\n")
    kids = write_jwks(args.secrets_dir)
    sys.stdout.write(f"{args.secrets_dir / 'jwks.json'}: {len(kids)} 个公钥 {', '.join(kids)}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
