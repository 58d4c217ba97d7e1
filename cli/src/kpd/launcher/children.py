"""Child processes of ``kpd up``: each service's output streamed with its name in front."""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
import time
from collections import deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import IO

HOST = "127.0.0.1"


@dataclass(frozen=True)
class ServiceSpec:
    """One service of the suite and the port ``kpd up`` gives it."""

    name: str
    port: int

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def uvicorn_argv(self) -> list[str]:
        """The command line that serves this service's ``main.app_factory``."""
        return [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            f"{self.name}.main:app_factory",
            "--host",
            HOST,
            "--port",
            str(self.port),
        ]


SERVICES: tuple[ServiceSpec, ...] = (
    ServiceSpec("registry", 8001),
    ServiceSpec("issues", 8002),
    ServiceSpec("scheduling", 8003),
    ServiceSpec("assessment", 8004),
    ServiceSpec("notify", 8005),
    # Last: its pages call the four services above.
    ServiceSpec("workbench", 8000),
)


PORT_OFFSET_ENV = "KPD_PORT_OFFSET"
MAX_PORT_OFFSET = 1000


def port_offset(env: Mapping[str, str]) -> int:
    """``KPD_PORT_OFFSET``: every port ``kpd up`` opens is shifted by it (0 when unset),
    so that two copies of the suite run side by side on one machine."""
    text = env.get(PORT_OFFSET_ENV, "").strip() or "0"
    if not text.isdigit() or int(text) > MAX_PORT_OFFSET:
        raise ValueError(f"{PORT_OFFSET_ENV} 须为 0 到 {MAX_PORT_OFFSET} 的整数，而不是 {text!r}")
    return int(text)


def services_at(offset: int) -> tuple[ServiceSpec, ...]:
    return tuple(ServiceSpec(spec.name, spec.port + offset) for spec in SERVICES)


def service_urls(services: Sequence[ServiceSpec]) -> dict[str, str]:
    """What every child is told of the others: ``KPD_<NAME>_URL``, and where the
    links in notify's messages point (the workbench)."""
    urls = {f"{spec.name}_url": spec.url for spec in services}
    urls["notify_workbench_url"] = urls["workbench_url"]
    return urls


class PrefixedPrinter:
    """Prints lines from several threads without interleaving them mid-line."""

    def __init__(self, width: int) -> None:
        self._width = width
        self._lock = threading.Lock()

    def line(self, name: str, text: str) -> None:
        with self._lock:
            print(f"{name:<{self._width}} | {text}", flush=True)


class ChildProcess:
    """A child whose merged stdout/stderr is echoed line by line and remembered."""

    def __init__(
        self,
        name: str,
        argv: Sequence[str],
        env: Mapping[str, str],
        printer: PrefixedPrinter,
        keep_lines: int = 40,
    ) -> None:
        self.name = name
        self._argv = list(argv)
        self._env = dict(env)
        self._printer = printer
        self._recent: deque[str] = deque(maxlen=keep_lines)
        self._proc: subprocess.Popen[bytes] | None = None
        self._pump: threading.Thread | None = None

    def start(self) -> None:
        # A session of its own: the terminal's Ctrl-C reaches only the launcher,
        # which then stops the services before NATS, in that order.
        self._proc = subprocess.Popen(
            self._argv,
            env=self._env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        self._pump = threading.Thread(
            target=self._echo, args=(self._proc.stdout,), name=f"echo-{self.name}", daemon=True
        )
        self._pump.start()

    def _echo(self, stream: IO[bytes]) -> None:
        for raw in stream:
            text = raw.decode("utf-8", errors="replace").rstrip()
            self._recent.append(text)
            self._printer.line(self.name, text)

    def exit_code(self) -> int | None:
        """None while running, else the exit status (negative: killed by that signal)."""
        return None if self._proc is None else self._proc.poll()

    def terminate(self) -> None:
        """Ask the child to stop (SIGTERM), only if it is still ours and alive."""
        if self._proc is not None and self._proc.poll() is None:
            self._proc.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` seconds; True when the child has exited."""
        if self._proc is None:
            return True
        try:
            self._proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return False
        if self._pump is not None:
            self._pump.join(timeout=1.0)
        return True

    def last_lines(self) -> list[str]:
        return list(self._recent)


def stop_children(children: Sequence[ChildProcess], grace_seconds: float) -> list[str]:
    """SIGTERM every child, wait out the grace period, SIGKILL the rest; name them."""
    for child in children:
        child.terminate()
    deadline = time.monotonic() + grace_seconds
    stragglers = []
    for child in children:
        if not child.wait(max(0.0, deadline - time.monotonic())):
            child.kill()
            child.wait(5.0)
            stragglers.append(child.name)
    return stragglers


def child_env(base: Mapping[str, str], **kpd: str) -> dict[str, str]:
    """The launcher's environment plus ``KPD_<NAME>`` settings for one child."""
    env = dict(base)
    env.update({f"KPD_{key.upper()}": value for key, value in kpd.items()})
    # Unbuffered, so a service's last words reach us before it dies.
    env["PYTHONUNBUFFERED"] = "1"
    return env


def describe_exit(code: int) -> str:
    """Readable exit status: a negative code is the signal that ended the process."""
    if code < 0:
        try:
            return f"被信号 {signal.Signals(-code).name} 终止"
        except ValueError:
            return f"被信号 {-code} 终止"
    return f"退出码 {code}"
