"""Every CLI test keeps its auditor's trust file in its own tmp directory, never in ~/.config."""

from __future__ import annotations

from pathlib import Path

import pytest

from servicekit.dev.natsserver import free_port


@pytest.fixture(autouse=True)
def own_trust_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "auditor" / "trusted-keys.json"
    monkeypatch.setenv("KPD_AUDIT_TRUST_FILE", str(path))
    return path


@pytest.fixture(autouse=True)
def no_jetstream_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """``kpd audit verify`` cross-checks the services' JetStream when it answers: aim it at
    a port nobody listens on, so no test reads a NATS it did not start. Tests of the
    cross-check name their own server."""
    monkeypatch.setenv("KPD_NATS_URL", f"nats://127.0.0.1:{free_port()}")
