"""Every line a service process writes is one JSON object, uvicorn's own lines included."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_uvicorn_lines_are_json(tmp_path: Path) -> None:
    port = _free_port()
    env = {
        **os.environ,
        "KPD_VAR_DIR": str(tmp_path),
        # Nobody listens there: the bus retries in the background, the API serves.
        "KPD_NATS_URL": f"nats://127.0.0.1:{_free_port()}",
        "KPD_DATABASE_URL": "",
    }
    argv = [sys.executable, "-m", "uvicorn", "--factory", "issues.main:app_factory"]
    argv += ["--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(argv, env=env, stderr=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None, "service exited"
            assert time.monotonic() < deadline, "service did not start"
            time.sleep(0.2)
        httpx.get(f"http://127.0.0.1:{port}/v1/no-such-route", timeout=5)
    finally:
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)

    lines = [line for line in (stdout + stderr).decode().splitlines() if line.strip()]
    entries = [json.loads(line) for line in lines]  # raises on the first plain line
    loggers = {entry["logger"] for entry in entries}
    assert {"uvicorn.error", "uvicorn.access"} <= loggers
    access = [entry for entry in entries if entry["logger"] == "uvicorn.access"]
    assert any(
        "/v1/no-such-route" in entry["message"] and "404" in entry["message"] for entry in access
    )
    assert all(entry["service"] == "issues" for entry in entries)
    assert not any("color_message" in entry for entry in entries)
