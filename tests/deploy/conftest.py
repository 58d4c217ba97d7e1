"""Fixtures for the deployment tests: the deployed NATS configs as real processes."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.natsnodes import NODE_NAMES, NatsNode, NodePorts, standalone_conf, write_node_dir


@pytest.fixture
def nats_cluster(tmp_path: Path) -> Iterator[dict[str, NatsNode]]:
    """nats-1..3 from deploy/nats on loopback ports, each healthy (meta leader elected)."""
    ports = {name: NodePorts() for name in NODE_NAMES}
    nodes = {
        name: NatsNode(name, write_node_dir(name, ports, tmp_path / "nats"), ports[name])
        for name in NODE_NAMES
    }
    try:
        for node in nodes.values():
            node.start()
        for node in nodes.values():
            node.wait_healthy()
        yield nodes
    finally:
        for node in nodes.values():
            node.stop()


@pytest.fixture
def secured_nats(tmp_path: Path) -> Iterator[NatsNode]:
    """One JetStream server with the deployed users and permissions (deploy/nats/auth.conf)."""
    ports = NodePorts()
    node = NatsNode("auth-test", standalone_conf(tmp_path / "nats-auth", ports), ports)
    try:
        node.start()
        node.wait_healthy()
        yield node
    finally:
        node.stop()


@pytest.fixture(scope="session")
def promtool() -> str:
    """Prometheus's promtool (Debian package prometheus, installed by scripts/promtool.sh)."""
    found = shutil.which("promtool")
    if found is None:
        reason = "promtool not installed (run scripts/promtool.sh)"
        if os.environ.get("CI"):
            pytest.fail(f"CI requires promtool for the alert rule tests: {reason}")
        pytest.skip(reason)
    return found
