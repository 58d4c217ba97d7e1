"""An Idempotency-Key claimed by a request that never finished is not blocked for ever."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine

from servicekit.core.clock import FixedClock
from servicekit.readside.readmodel import create_read_tables
from servicekit.web.idempotency import PENDING_LEASE, IdempotencyMiddleware


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    engine = create_engine(f"sqlite:///{tmp_path / 'read.sqlite'}")
    create_read_tables(engine)
    return engine


def claimed(engine: Engine, key: str, body_hash: str, age: timedelta) -> None:
    """A claim made ``age`` ago by a request that has not finished."""
    assert middleware(engine, FixedClock(datetime.now(UTC) - age))._claim(key, body_hash) is None


def middleware(engine: Engine, clock: FixedClock | None = None) -> IdempotencyMiddleware:
    return IdempotencyMiddleware(app=None, engine=lambda: engine, verifier=None, clock=clock)  # type: ignore[arg-type]


def test_a_fresh_claim_is_in_progress(engine: Engine) -> None:
    claimed(engine, "k", "h", age=timedelta(seconds=1))
    answer = middleware(engine)._claim("k", "h")
    assert answer is not None
    assert answer[0] == 409


def test_an_abandoned_claim_is_taken_over_by_the_same_request(engine: Engine) -> None:
    claimed(engine, "k", "h", age=PENDING_LEASE + timedelta(seconds=5))
    assert middleware(engine)._claim("k", "h") is None  # runs the command
    answer = middleware(engine)._claim("k", "h")  # and holds the key again meanwhile
    assert answer is not None
    assert answer[0] == 409


def test_an_abandoned_claim_still_refuses_another_body(engine: Engine) -> None:
    claimed(engine, "k", "h", age=PENDING_LEASE + timedelta(seconds=5))
    answer = middleware(engine)._claim("k", "other")
    assert answer is not None
    assert answer[0] == 422
