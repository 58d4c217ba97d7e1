"""deploy/scripts/make_secrets.py: passwords once, token keys that verify, rotation."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.scripts.make_secrets import COMPOSE_FILE, main, password_variables
from servicekit.auth import AuthSettings, DevIssuer, Principal, Role, TokenVerifier
from servicekit.problems import UnauthorizedError


def env_values(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if "=" in line]
    return {line.split("=", 1)[0]: line.split("=", 1)[1] for line in lines}


def verifies(secrets_dir: Path, key_name: str) -> bool:
    token = DevIssuer(secrets_dir / f"{key_name}.pem").issue(
        Principal(user="u", role=Role("office"))
    )
    verifier = TokenVerifier(AuthSettings(jwks_file=secrets_dir / "jwks.json"))
    try:
        verifier.verify(token)
    except UnauthorizedError:
        return False
    return True


def test_every_compose_password_gets_a_random_value_once(tmp_path: Path) -> None:
    env_file = tmp_path / ".env"
    env_file.write_text("KPD_NATS_ADMIN_PASSWORD=chosen-by-operator\n")
    main(["--env-file", str(env_file), "--secrets-dir", str(tmp_path / "secrets")])
    first = env_values(env_file)
    wanted = password_variables(COMPOSE_FILE.read_text())
    assert len(wanted) >= 12
    assert set(first) == set(wanted)
    assert first["KPD_NATS_ADMIN_PASSWORD"] == "chosen-by-operator"
    assert len(set(first.values())) == len(first)

    main(["--env-file", str(env_file), "--secrets-dir", str(tmp_path / "secrets")])
    assert env_values(env_file) == first


def test_keys_rotate_through_the_jwks(tmp_path: Path) -> None:
    secrets_dir = tmp_path / "secrets"
    base = ["--env-file", str(tmp_path / ".env"), "--secrets-dir", str(secrets_dir)]
    main(base)
    assert verifies(secrets_dir, "issuer-1")

    main([*base, "--new-key", "issuer-2"])
    assert verifies(secrets_dir, "issuer-1")
    assert verifies(secrets_dir, "issuer-2")

    retired = (secrets_dir / "issuer-1.pem").read_bytes()
    main([*base, "--drop-key", "issuer-1"])
    assert not (secrets_dir / "issuer-1.pem").exists()
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "issuer-1.pem").write_bytes(retired)
    token = DevIssuer(tmp_path / "old" / "issuer-1.pem").issue(
        Principal(user="u", role=Role("office"))
    )
    with pytest.raises(UnauthorizedError):
        TokenVerifier(AuthSettings(jwks_file=secrets_dir / "jwks.json")).verify(token)
    assert verifies(secrets_dir, "issuer-2")
