"""The NATS config files the compose file mounts pass ``nats-server -t``."""

from __future__ import annotations

import os
import subprocess

import pytest

from servicekit.dev.natsserver import find_nats_server_binary
from tests.deploy.natsnodes import NATS_DIR, NODE_NAMES, password_env

pytestmark = pytest.mark.nats


def check_config(name: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [find_nats_server_binary(), "-t", "-c", str(NATS_DIR / f"{name}.conf")],
        env=env,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )


@pytest.mark.parametrize("name", NODE_NAMES)
def test_node_config_is_valid(name: str) -> None:
    result = check_config(name, {**os.environ, **password_env()})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "is valid" in result.stdout + result.stderr


def test_config_refuses_to_load_without_a_user_password() -> None:
    """Passwords come only from the environment: a missing one stops the server."""
    env = {k: v for k, v in {**os.environ, **password_env()}.items() if k != "NATS_ISSUES_PASSWORD"}
    result = check_config("nats-1", env)
    assert result.returncode != 0
    assert "NATS_ISSUES_PASSWORD" in result.stdout + result.stderr


def test_every_node_fsyncs_each_write_and_routes_to_all_nodes() -> None:
    shared = (NATS_DIR / "cluster.conf").read_text(encoding="utf-8")
    assert "sync_interval: always" in shared
    for name in NODE_NAMES:
        assert f"nats-route://{name}:6222" in shared
        node = (NATS_DIR / f"{name}.conf").read_text(encoding="utf-8")
        assert f"server_name: {name}" in node
        assert "include ./cluster.conf" in node
