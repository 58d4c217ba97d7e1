"""While the store probe finds the store unreachable, /v1 requests get 503 within a bound.

No real outage: a route blocks on an event the way a store call blocks in the
driver's retries, and the test flips the probe's verdict.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import sqlalchemy.exc
from fastapi import FastAPI, status
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from servicekit.core.settings import ServiceSettings
from servicekit.dev.testing import token_for
from servicekit.readside.readmodel import ReadModelBase
from servicekit.runtime.storeprobe import StoreProbe
from servicekit.web.auth import AuthSettings, TokenVerifier
from servicekit.web.deadline import StoreDeadlineMiddleware
from servicekit.web.idempotency import IdempotencyMiddleware
from servicekit.web.problems import PROBLEM_MEDIA_TYPE, install_problem_handlers

BOUND_S = 0.3
# A PostgreSQL URL only so the bound applies (SQLite is never unreachable); the
# probe never runs here, the tests set its verdict.
SETTINGS = ServiceSettings(
    service="registry",
    database_url="postgresql://kpd@127.0.0.1:9/kpd",
    store_request_bound_s=BOUND_S,
)


class Store:
    """A store call that blocks until released, and what it stored."""

    def __init__(self, probe: StoreProbe) -> None:
        self.probe = probe
        self.release = threading.Event()
        self.stored: list[int] = []
        self.calls = 0

    def save(self, outage: bool) -> int:
        self.calls += 1
        if outage:
            self.probe.ok = False  # the database dies while this call is inside it
        assert self.release.wait(10)
        self.stored.append(self.calls)
        return self.calls

    def wait_stored(self, count: int) -> None:
        deadline = time.monotonic() + 5
        while len(self.stored) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.stored) == count


def build_app(store: Store, *, idempotency_root: Path | None = None) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/things", status_code=status.HTTP_201_CREATED)
    def create(outage: bool = False) -> dict[str, int]:
        return {"id": store.save(outage)}

    @app.get("/v1/read")
    def read() -> None:
        raise sqlalchemy.exc.OperationalError("SELECT 1", {}, Exception("connection refused"))

    @app.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    if idempotency_root is not None:
        engine = create_engine(f"sqlite:///{idempotency_root / 'idem.sqlite'}")
        ReadModelBase.metadata.create_all(engine)
        verifier = TokenVerifier(
            AuthSettings(dev_key_path=idempotency_root / "key.pem", generate_dev_key=True)
        )
        app.add_middleware(IdempotencyMiddleware, engine=lambda: engine, verifier=lambda: verifier)
    app.add_middleware(StoreDeadlineMiddleware, probe=lambda: store.probe, settings=SETTINGS)
    install_problem_handlers(app)
    return app


@pytest.fixture
def store() -> Iterator[Store]:
    probe = StoreProbe(SETTINGS)
    made = Store(probe)
    yield made
    made.release.set()  # never leave a worker thread blocked behind the test


def assert_store_unavailable(response: httpx.Response) -> None:
    assert response.status_code == 503
    assert response.headers["content-type"] == PROBLEM_MEDIA_TYPE
    assert int(response.headers["retry-after"]) >= 1
    assert "存储暂不可用" in response.json()["detail"]


def test_a_request_stuck_in_the_store_gets_503_after_the_bound_and_finishes_alone(
    store: Store,
) -> None:
    with TestClient(build_app(store)) as client:
        started = time.monotonic()
        response = client.post("/v1/things", params={"outage": True})
        elapsed = time.monotonic() - started
        assert_store_unavailable(response)
        assert BOUND_S <= elapsed < BOUND_S + 2.0  # not the ~14 s of the driver's retries
        assert store.stored == []
        store.release.set()
        store.wait_stored(1)  # the worker was not cancelled: its late answer is dropped


def test_new_requests_get_503_at_once_and_never_reach_the_store(store: Store) -> None:
    store.probe.ok = False
    with TestClient(build_app(store)) as client:
        assert_store_unavailable(client.post("/v1/things"))
        assert store.calls == 0
        assert client.get("/healthz").status_code == 200  # operations routes stay open


def test_a_slow_request_while_the_store_answers_is_not_cut_short(store: Store) -> None:
    threading.Timer(BOUND_S * 3, store.release.set).start()
    with TestClient(build_app(store)) as client:
        response = client.post("/v1/things")
    assert response.status_code == 201
    assert store.stored == [1]


def test_a_store_unreachable_error_from_a_read_session_is_503_not_500(store: Store) -> None:
    with TestClient(build_app(store), raise_server_exceptions=False) as client:
        assert_store_unavailable(client.get("/v1/read"))


def test_with_an_idempotency_key_the_retry_gets_the_first_answer(
    store: Store, tmp_path: Path
) -> None:
    app = build_app(store, idempotency_root=tmp_path)
    token = token_for(tmp_path / "key.pem", "office")
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "k-1"}
    with TestClient(app) as client:
        first = client.post("/v1/things", params={"outage": True}, json={}, headers=headers)
        assert_store_unavailable(first)
        store.probe.ok = True  # back, but the first request is still inside the store
        assert client.post("/v1/things", json={}, headers=headers).status_code == 409
        store.release.set()
        store.wait_stored(1)
        deadline = time.monotonic() + 5
        while (retry := client.post("/v1/things", json={}, headers=headers)).status_code == 409:
            assert time.monotonic() < deadline
            time.sleep(0.02)
    assert retry.status_code == 201
    assert retry.json() == {"id": 1}
    assert retry.headers["idempotent-replayed"] == "true"
    assert store.calls == 1
