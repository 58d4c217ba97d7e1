"""Revocation on real processes: ``kpd user disable`` and the account's tokens are refused
by another service within seconds; after ``kpd user enable`` only new tokens work, and a
changed password (``kpd user passwd``) ends the tokens issued before it.

The workbench publishes each change (``kpd.workbench.AccountDisabled.v1`` …) from its
store; the registry keeps it in its own log and folds it into its revocation list.
"""

from __future__ import annotations

import io
import time

import httpx
import pytest

from kpd.cli import main
from servicekit.web.auth import DevIssuer, Principal, Role
from tests.support import Suite, wait_for

USER = "wang.li"
PASSWORD = "linfen-2026-strong"


@pytest.fixture
def operator(suite: Suite, monkeypatch: pytest.MonkeyPatch) -> Suite:
    """Registry and workbench running; ``kpd user`` pointed at the same stores."""
    suite.start("registry")
    suite.start("workbench")
    for name, value in suite.env().items():
        monkeypatch.setenv(name, value)
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert main(["user", "add", USER, "--role", "office", "--password-stdin"]) == 0
    return suite


def token(suite: Suite, user: str = USER) -> str:
    return DevIssuer(suite.key_path).issue(Principal(user=user, role=Role.OFFICE))


def status(suite: Suite, bearer: str) -> int:
    return asking(suite, bearer).status_code


def asking(suite: Suite, bearer: str) -> httpx.Response:
    return httpx.get(
        suite.services["registry"].url + "/v1/org/counties",
        headers={"Authorization": f"Bearer {bearer}"},
        timeout=5,
    )


def test_a_disabled_account_is_refused_by_the_registry_within_seconds(operator: Suite) -> None:
    old = token(operator)
    assert status(operator, old) == 200
    assert main(["user", "disable", USER, "--reason", "调离"]) == 0
    took = wait_for(lambda: status(operator, old) == 401, timeout=15, what="revoked")
    print(f"refused by the registry {took:.2f} s after kpd user disable")
    refused = asking(operator, old)
    assert "账号已停用" in refused.json()["detail"]
    assert 'error="invalid_token"' in refused.headers["www-authenticate"]
    assert status(operator, token(operator)) == 401, "no new token while disabled"
    assert status(operator, token(operator, "li.hua")) == 200, "only that account"

    time.sleep(1.1)  # a token's iat has whole seconds: the next ones follow the enabling
    assert main(["user", "enable", USER]) == 0
    wait_for(lambda: status(operator, token(operator)) == 200, timeout=15, what="enabled")
    assert status(operator, old) == 401, "a token from before stays revoked"


def test_a_changed_password_ends_older_tokens_and_survives_a_restart(
    operator: Suite, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = token(operator)
    time.sleep(1.1)
    monkeypatch.setattr("sys.stdin", io.StringIO("another-strong-one\n"))
    assert main(["user", "passwd", USER, "--password-stdin"]) == 0
    wait_for(lambda: status(operator, old) == 401, timeout=15, what="sessions ended")
    assert "重新登录" in asking(operator, old).json()["detail"]
    time.sleep(1.1)
    assert status(operator, token(operator)) == 200
    # Kept in the registry's own log: refused again right after a restart.
    operator.services["workbench"].stop()
    registry = operator.services["registry"]
    registry.stop()
    registry.start()
    assert status(operator, old) == 401, "refused from the first request after the restart"
