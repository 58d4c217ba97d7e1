"""Every CLI test keeps its auditor's trust file in its own tmp directory, never in ~/.config."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def own_trust_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "auditor" / "trusted-keys.json"
    monkeypatch.setenv("KPD_AUDIT_TRUST_FILE", str(path))
    return path
