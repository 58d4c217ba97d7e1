"""The verified-token cache: it saves the signature check, never any of the checks."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from servicekit.web.auth import AuthSettings, DevIssuer, Principal, Role, TokenVerifier
from servicekit.web.problems import UnauthorizedError

OFFICE = Principal(user="u-office", role=Role.OFFICE, unit=None)


@pytest.fixture
def key_path(tmp_path: Path) -> Path:
    return tmp_path / "keys" / "dev-jwt-ed25519.pem"


def test_a_cached_token_still_expires_on_time(key_path: Path) -> None:
    issuer = DevIssuer(key_path)
    verifier = TokenVerifier(AuthSettings(dev_key_path=key_path, leeway_seconds=0))
    # Issued 59 s ago for 60 s: valid for one more second.
    token = issuer.issue(
        OFFICE, ttl=timedelta(seconds=60), now=datetime.now(UTC) - timedelta(seconds=59)
    )
    assert verifier.verify(token) == OFFICE
    assert verifier.cached(token) == OFFICE
    time.sleep(1.2)
    assert verifier.cached(token) is None
    with pytest.raises(UnauthorizedError):
        verifier.verify(token)


def test_an_altered_copy_of_a_cached_token_is_refused(key_path: Path) -> None:
    issuer = DevIssuer(key_path)
    verifier = TokenVerifier(AuthSettings(dev_key_path=key_path))
    token = issuer.issue(OFFICE)
    assert verifier.verify(token) == OFFICE
    head, payload, signature = token.split(".")
    altered = ".".join([head, payload, signature[:-2] + ("AA" if signature[-2:] != "AA" else "BB")])
    assert verifier.cached(altered) is None
    with pytest.raises(UnauthorizedError):
        verifier.verify(altered)


def test_entries_live_no_longer_than_the_key_cache(key_path: Path) -> None:
    issuer = DevIssuer(key_path)
    verifier = TokenVerifier(AuthSettings(dev_key_path=key_path, jwks_cache_seconds=1))
    token = issuer.issue(OFFICE, ttl=timedelta(hours=1))
    verifier.verify(token)
    assert verifier.cached(token) == OFFICE
    time.sleep(1.1)
    assert verifier.cached(token) is None
    assert verifier.verify(token) == OFFICE  # verified again, then cached again
