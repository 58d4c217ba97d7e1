"""The revocation list: a disabled account's tokens are refused, and after its sessions
end (or it is enabled again) only tokens issued since then are honoured."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from eventsourcing.persistence import OperationalError

from servicekit.core.revocations import DISABLED, ENABLED, SESSIONS_ENDED, RevocationList
from servicekit.dev.testing import local_settings
from servicekit.eventstore.environment import build_env
from servicekit.eventstore.store import KpdApplication, create_store_tables
from servicekit.runtime.revocations import AccessRevocation, RevocationFollower


def test_an_unknown_user_is_not_refused() -> None:
    assert RevocationList().refusal("wang.li", 100) is None


def test_disabled_refuses_every_token_until_enabled_then_only_newer_ones() -> None:
    revoked = RevocationList()
    revoked.apply("wang.li", DISABLED, 1000.4)
    assert revoked.refusal("wang.li", 2000) is not None  # even one minted later
    assert "停用" in (revoked.refusal("wang.li", 900) or "")
    revoked.apply("wang.li", ENABLED, 1500.9)
    assert revoked.refusal("wang.li", 1400) is not None, "tokens from before stay revoked"
    assert revoked.refusal("wang.li", 1500) is None  # iat has whole seconds
    assert revoked.refusal("li.hua", 1400) is None


def test_ended_sessions_refuse_only_older_tokens() -> None:
    revoked = RevocationList()
    revoked.apply("wang.li", SESSIONS_ENDED, 1000.0)
    assert "重新登录" in (revoked.refusal("wang.li", 999) or "")
    assert revoked.refusal("wang.li", 1000) is None
    revoked.apply("wang.li", SESSIONS_ENDED, 500.0)  # an older change never loosens it
    assert revoked.refusal("wang.li", 999) is not None


def test_an_unknown_kind_is_an_error() -> None:
    with pytest.raises(ValueError, match="unknown revocation kind"):
        RevocationList().apply("wang.li", "suspended", 1.0)


class Store(KpdApplication):
    name = "registry"


def test_the_list_is_not_loaded_until_the_stored_changes_were_read(tmp_path: Path) -> None:
    settings = local_settings("registry", tmp_path)
    revoked = RevocationList()
    unmigrated = Store(env=build_env(settings))
    with pytest.raises(OperationalError, match="no such table"):
        RevocationFollower(unmigrated, revoked).refresh()
    assert revoked.loaded is False, "bearer requests wait (503) instead of trusting"
    unmigrated.close()
    create_store_tables(settings, Store)
    store = Store(env=build_env(settings))
    try:
        store.save(AccessRevocation("wang.li", DISABLED, datetime(2026, 12, 7, tzinfo=UTC)))
        assert RevocationFollower(store, revoked).refresh() == 1
        assert revoked.loaded is True
        assert revoked.refusal("wang.li", 2_000_000_000) is not None
    finally:
        store.close()
