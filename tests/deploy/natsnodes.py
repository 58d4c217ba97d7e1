"""Run the deployed NATS configuration (deploy/nats/) as real nats-server processes.

The compose file's node configs are copied unchanged; only ``cluster.conf`` has its
container addresses (0.0.0.0, nats-N hostnames, /data) replaced by loopback ports
and a temporary store. Every replacement must match exactly once, so a config
edit that would make these tests run something else fails them instead.
Processes are signalled by their own PID only.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from contracts.subjects import PRODUCERS
from servicekit.dev.natsserver import LOCALHOST, find_nats_server_binary, free_port

REPO = Path(__file__).resolve().parents[2]
NATS_DIR = REPO / "deploy" / "nats"
NODE_NAMES = ("nats-1", "nats-2", "nats-3")
USERS = ("admin", *PRODUCERS, "auditor")


def password_env() -> dict[str, str]:
    """The variables auth.conf reads, with throwaway test passwords."""
    return {f"NATS_{user.upper()}_PASSWORD": f"test-{user}-pw" for user in USERS}


def password_of(user: str) -> str:
    return password_env()[f"NATS_{user.upper()}_PASSWORD"]


def replace_once(text: str, old: str, new: str) -> str:
    count = text.count(old)
    if count != 1:
        raise AssertionError(f"expected {old!r} once in the NATS config, found it {count} times")
    return text.replace(old, new)


@dataclass
class NodePorts:
    client: int = field(default_factory=free_port)
    route: int = field(default_factory=free_port)
    http: int = field(default_factory=free_port)


def render_cluster_conf(name: str, ports: dict[str, NodePorts], store_dir: Path) -> str:
    """deploy/nats/cluster.conf with one node's container addresses moved to loopback."""
    text = (NATS_DIR / "cluster.conf").read_text(encoding="utf-8")
    own = ports[name]
    text = replace_once(text, "listen: 0.0.0.0:4222", f"listen: {LOCALHOST}:{own.client}")
    text = replace_once(text, "http: 0.0.0.0:8222", f"http: {LOCALHOST}:{own.http}")
    text = replace_once(text, "listen: 0.0.0.0:6222", f"listen: {LOCALHOST}:{own.route}")
    text = replace_once(text, "store_dir: /data", f"store_dir: {json.dumps(str(store_dir))}")
    for peer, peer_ports in ports.items():
        text = replace_once(
            text, f"nats-route://{peer}:6222", f"nats-route://{LOCALHOST}:{peer_ports.route}"
        )
    return text


def write_node_dir(name: str, ports: dict[str, NodePorts], root: Path) -> Path:
    """A directory laid out like /etc/nats for one node; returns its nats-N.conf."""
    node_dir = root / name
    node_dir.mkdir(parents=True, exist_ok=True)
    (node_dir / "cluster.conf").write_text(
        render_cluster_conf(name, ports, node_dir / "data"), encoding="utf-8"
    )
    for copied in (f"{name}.conf", "auth.conf"):
        (node_dir / copied).write_text((NATS_DIR / copied).read_text(encoding="utf-8"))
    return node_dir / f"{name}.conf"


def standalone_conf(root: Path, ports: NodePorts) -> Path:
    """A single JetStream server with the deployed auth.conf (no cluster block)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "auth.conf").write_text((NATS_DIR / "auth.conf").read_text(encoding="utf-8"))
    config = root / "standalone.conf"
    config.write_text(
        f"server_name: auth-test\nlisten: {LOCALHOST}:{ports.client}\n"
        f"http: {LOCALHOST}:{ports.http}\n"
        f"jetstream {{\n  store_dir: {json.dumps(str(root / 'data'))}\n"
        "  sync_interval: always\n}\ninclude ./auth.conf\n",
        encoding="utf-8",
    )
    return config


class NatsNode:
    """One nats-server child started from a given config file."""

    def __init__(self, name: str, config: Path, ports: NodePorts) -> None:
        self.name = name
        self.config = config
        self.ports = ports
        self.log_path = config.parent / f"{name}.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    def url(self, user: str | None = None) -> str:
        auth = f"{user}:{password_of(user)}@" if user else ""
        return f"nats://{auth}{LOCALHOST}:{self.ports.client}"

    def start(self) -> None:
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [find_nats_server_binary(), "-c", str(self.config)],
            env={**os.environ, **password_env()},
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )

    def kill(self) -> None:
        """SIGKILL this node only: a crash, as far as the cluster can tell."""
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
        self._close_log()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            os.kill(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def monitor(self, path: str) -> tuple[int, dict[str, object]]:
        conn = http.client.HTTPConnection(LOCALHOST, self.ports.http, timeout=2)
        try:
            conn.request("GET", path)
            response = conn.getresponse()
            return response.status, json.loads(response.read() or b"{}")
        finally:
            conn.close()

    def wait_healthy(self, timeout: float = 30.0) -> None:
        """Until /healthz is ok: JetStream up and, in a cluster, a meta leader known."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise AssertionError(f"{self.name} exited:\n{self.log_tail()}")
            try:
                status, body = self.monitor("/healthz")
                if status == 200 and body.get("status") == "ok":
                    return
            except (OSError, ValueError):
                pass
            time.sleep(0.1)
        raise AssertionError(f"{self.name} not healthy in {timeout}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except FileNotFoundError:
            return "(no log)"

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None
