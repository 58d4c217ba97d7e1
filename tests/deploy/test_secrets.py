"""deploy/scripts/make_secrets.py: passwords once, token keys that verify, rotation."""

from __future__ import annotations

from pathlib import Path

import pytest

from deploy.scripts.make_secrets import (
    COMPOSE_FILE,
    WORKBENCH_CSRF_FILE,
    WORKBENCH_KEY,
    main,
    password_variables,
)
from servicekit.web.auth import AuthSettings, DevIssuer, Principal, Role, TokenVerifier
from servicekit.web.problems import UnauthorizedError
from workbench.settings import WorkbenchSettings


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
    assert len(wanted) >= 13
    assert "KPD_PG_WORKBENCH_PASSWORD" in wanted
    assert {"KPD_PG_NOTIFY_PASSWORD", "KPD_NATS_NOTIFY_PASSWORD"} <= set(wanted)
    # The mail relay's password is the city's to give, not ours to invent.
    assert "KPD_NOTIFY_SMTP_PASSWORD" not in wanted
    assert "${KPD_NOTIFY_SMTP_PASSWORD:-}" in COMPOSE_FILE.read_text()
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


def test_first_start_makes_the_workbench_session_and_csrf_keys(tmp_path: Path) -> None:
    secrets_dir = tmp_path / "secrets"
    base = ["--env-file", str(tmp_path / ".env"), "--secrets-dir", str(secrets_dir)]
    main(base)
    assert WORKBENCH_KEY == "workbench"
    # The services accept what the workbench signs with its key (jwks.json has its half).
    assert verifies(secrets_dir, WORKBENCH_KEY)
    assert verifies(secrets_dir, "issuer-1")
    csrf = secrets_dir / WORKBENCH_CSRF_FILE
    assert len(csrf.read_bytes()) == 32
    assert csrf.stat().st_mode & 0o777 == 0o600
    assert (secrets_dir / f"{WORKBENCH_KEY}.pem").stat().st_mode & 0o777 == 0o600
    # The workbench loads both as they are.
    settings = WorkbenchSettings(
        session_signing_key=secrets_dir / f"{WORKBENCH_KEY}.pem", csrf_secret_file=csrf
    )
    assert DevIssuer(settings.signing_key_path).kid in (secrets_dir / "jwks.json").read_text()

    files = {p.name: p.read_bytes() for p in secrets_dir.iterdir()}
    main(base)
    main([*base, "--new-key", "issuer-2"])
    again = {p.name: p.read_bytes() for p in secrets_dir.iterdir()}
    assert {name: again[name] for name in files if name != "jwks.json"} == {
        name: value for name, value in files.items() if name != "jwks.json"
    }, "nothing is overwritten"


def test_an_existing_csrf_key_is_kept(tmp_path: Path) -> None:
    secrets_dir = tmp_path / "secrets"
    secrets_dir.mkdir()
    (secrets_dir / WORKBENCH_CSRF_FILE).write_bytes(b"k" * 32)
    main(["--env-file", str(tmp_path / ".env"), "--secrets-dir", str(secrets_dir)])
    assert (secrets_dir / WORKBENCH_CSRF_FILE).read_bytes() == b"k" * 32


def test_the_workbench_key_rotates_and_a_dropped_one_stays_dropped(tmp_path: Path) -> None:
    secrets_dir = tmp_path / "secrets"
    base = ["--env-file", str(tmp_path / ".env"), "--secrets-dir", str(secrets_dir)]
    main(base)
    csrf = (secrets_dir / WORKBENCH_CSRF_FILE).read_bytes()
    main([*base, "--new-key", "workbench-2"])
    assert verifies(secrets_dir, WORKBENCH_KEY)
    assert verifies(secrets_dir, "workbench-2")
    main([*base, "--drop-key", WORKBENCH_KEY])
    main(base)  # a later plain run does not bring the retired key back
    assert not (secrets_dir / f"{WORKBENCH_KEY}.pem").exists()
    assert verifies(secrets_dir, "workbench-2")
    assert (secrets_dir / WORKBENCH_CSRF_FILE).read_bytes() == csrf
