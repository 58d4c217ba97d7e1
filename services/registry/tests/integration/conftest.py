"""An in-process registry (TestClient) on SQLite or PostgreSQL, with tokens per role."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from registry.application import Registry
from registry.main import create_app, migrate
from servicekit.dev.testing import local_settings, token_for
from tests.support import PROJECT


@dataclass
class Api:
    client: TestClient
    key_path: Path

    def auth(self, role: str = "office", unit: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(self.key_path, role, unit)}"}

    @property
    def app(self) -> Registry:
        app = self.client.app.state.runtime.app  # type: ignore[attr-defined]
        assert isinstance(app, Registry)
        return app

    def register(self, **overrides: Any) -> dict[str, Any]:
        response = self.client.post(
            "/v1/projects", json={**PROJECT, **overrides}, headers=self.auth()
        )
        assert response.status_code == 201, response.text
        body: dict[str, Any] = response.json()
        return body

    def eventually(self, probe: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Poll ``probe`` until it returns something truthy (read models lag the log)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            result = probe()
            if result:
                return result
            time.sleep(0.05)
        raise AssertionError("read model did not catch up")


@pytest.fixture
def api(tmp_path: Path, database_url: str) -> Iterator[Api]:
    settings = local_settings("registry", tmp_path / "var", database_url)
    migrate(settings)
    with TestClient(create_app(settings)) as client:
        yield Api(client, settings.dev_key_path)
