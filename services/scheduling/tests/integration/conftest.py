"""The scheduling app over HTTP in process (TestClient), with the organisation fed in."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from contracts.base import EventData
from scheduling.application import Scheduling
from scheduling.main import create_app, migrate
from servicekit.dev.testing import local_settings, token_for
from servicekit.readside.readmodel import ProjectionRunner

Feed = Callable[[EventData], None]


class Api:
    def __init__(self, client: TestClient, key: Path, feed: Feed) -> None:
        self.client = client
        self.key = key
        self.feed = feed

    def auth(self, role: str = "office", unit: str | None = None) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_for(self.key, role, unit)}"}

    def catch_up(self) -> None:
        """Wait until the service's own projection has applied everything stored."""
        runtime: Any = self.client.app.state.runtime  # type: ignore[attr-defined]
        head = runtime.app.max_notification_id()
        runners = [w for w in runtime.parts.workers if isinstance(w, ProjectionRunner)]
        deadline = time.monotonic() + 20
        while any(r.position() < head for r in runners):
            assert time.monotonic() < deadline, "projection did not catch up"
            time.sleep(0.05)


@pytest.fixture
def api(
    tmp_path: Path, database_url: str, make_feeder: Callable[[Scheduling], Feed]
) -> Iterator[Api]:
    settings = local_settings("scheduling", tmp_path / "var", database_url)
    migrate(settings)
    with TestClient(create_app(settings)) as client:
        app = client.app.state.runtime.app  # type: ignore[attr-defined]
        yield Api(client, settings.dev_key_path, make_feeder(app))
