"""Real service processes for the benchmarks: one nats-server, registry and issues, one store.

Started with the test suite's own helpers (``ServiceProcess``, ``NatsServerProcess``
with ``sync_interval: always``). A sampler thread records each process's peak RSS
while the stack runs. Only processes started here are ever stopped.
"""

from __future__ import annotations

import contextlib
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from types import TracebackType

import psutil  # type: ignore[import-untyped]

from servicekit.dev.natsserver import NatsServerProcess, free_port
from servicekit.dev.testing import ServiceProcess, create_database, drop_database, token_for

SERVICES = ("registry", "issues")


class Stack:
    """nats-server + registry + issues on SQLite files or a fresh PostgreSQL database."""

    def __init__(self, backend: str, root: Path) -> None:
        self.backend = backend
        self.root = root
        self.var_dir = root / "var"
        self.var_dir.mkdir(parents=True, exist_ok=True)
        self.key_path = self.var_dir / "keys" / "dev-jwt-ed25519.pem"
        self.nats = NatsServerProcess(root / "nats")
        self.database_url = create_database("kpd_bench") if backend == "postgres" else ""
        self.services: dict[str, ServiceProcess] = {}
        self.peak_rss: dict[str, int] = {}
        self._stop_sampling = threading.Event()
        self._sampler: threading.Thread | None = None

    def env(self) -> dict[str, str]:
        return {
            "KPD_VAR_DIR": str(self.var_dir),
            "KPD_NATS_URL": self.nats.url,
            "KPD_DATABASE_URL": self.database_url,
            "KPD_JWT_DEV_KEY": str(self.key_path),
            "KPD_LOG_LEVEL": "WARNING",
        }

    def start(self) -> None:
        self.nats.start()
        for name in SERVICES:
            proc = ServiceProcess(name, self.env(), self.root)
            proc.migrate()
            self.services[name] = proc
            proc.start()
        self._stop_sampling.clear()
        self._sampler = threading.Thread(target=self._sample_rss, name="rss", daemon=True)
        self._sampler.start()

    def close(self) -> None:
        self._stop_sampling.set()
        if self._sampler is not None:
            self._sampler.join(5)
        for proc in self.services.values():
            proc.stop()
        self.nats.stop()
        if self.database_url:
            drop_database(self.database_url)

    def url(self, service: str) -> str:
        return self.services[service].url

    def token(self, role: str = "office") -> str:
        return token_for(self.key_path, role)

    def restart(self, service: str, *, nats_url: str | None = None, ready: bool = True) -> None:
        """Stop a service and start it again, optionally pointed at another NATS URL."""
        proc = self.services[service]
        proc.stop()
        proc.start({"KPD_NATS_URL": nats_url or self.nats.url}, wait_ready=ready)

    def stop(self, service: str) -> None:
        self.services[service].stop()

    @staticmethod
    def unreachable_nats_url() -> str:
        return f"nats://127.0.0.1:{free_port()}"

    def _sample_rss(self) -> None:
        while not self._stop_sampling.wait(0.2):
            pids = {name: proc.pid for name, proc in self.services.items()}
            pids["nats-server"] = self.nats.pid
            for name, pid in pids.items():
                if pid is None:
                    continue
                with contextlib.suppress(psutil.Error):
                    rss = int(psutil.Process(pid).memory_info().rss)
                    self.peak_rss[name] = max(self.peak_rss.get(name, 0), rss)

    def __enter__(self) -> Stack:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@contextlib.contextmanager
def running_stack(backend: str) -> Iterator[Stack]:
    """A started stack in a temporary directory, torn down (and its database dropped) after."""
    with (
        tempfile.TemporaryDirectory(prefix=f"kpd-bench-{backend}-") as tmp,
        Stack(backend, Path(tmp)) as stack,
    ):
        yield stack
