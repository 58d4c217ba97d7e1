"""Run the framework-floor server (``bench.floor_app``) as a child process and load it."""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx

from bench.httpload import closed_loop, project_request
from bench.stats import Rate
from servicekit.dev.natsserver import free_port


@contextlib.contextmanager
def floor_server() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "--factory",
            "bench.floor_app:create_app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--no-access-log",
            "--log-level",
            "warning",
        ]
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"floor server exited with {proc.returncode}")
            with contextlib.suppress(httpx.HTTPError):
                httpx.get(base + "/docs", timeout=1)
                break
            if time.monotonic() > deadline:
                raise TimeoutError("floor server did not start")
            time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def floor_rates(seconds: float, token: str) -> dict[int, Rate]:
    """POST /v1/projects answered per second by the floor server, 1 and 8 clients."""
    rates: dict[int, Rate] = {}
    with floor_server() as base:
        for clients in (1, 8):
            outcome = asyncio.run(
                closed_loop(base, lambda i: project_request(base, token, i), clients, seconds)
            )
            if outcome.failures:
                raise RuntimeError(f"floor server refused: {outcome.failures[0]}")
            rates[clients] = Rate(len(outcome.accepted), outcome.seconds)
    return rates
