"""Session tokens: what the services verify, renewal, and sessions ended by the directory."""

from __future__ import annotations

import time
from pathlib import Path

import jwt
import pytest

from servicekit.core.context import CommandContext
from servicekit.eventstore.environment import build_env
from servicekit.web.auth import AuthSettings, TokenVerifier
from workbench.directory import UserDirectory
from workbench.sessions import SessionManager
from workbench.settings import WorkbenchSettings

Setup = tuple[SessionManager, UserDirectory, WorkbenchSettings]

ADMIN = CommandContext("admin", "operator", None, "c1", None, "test")


@pytest.fixture
def setup(tmp_path: Path) -> Setup:
    settings = WorkbenchSettings(var_dir=tmp_path, database_url="")
    directory = UserDirectory(env=build_env(None))
    directory.add_user(ADMIN, "liu", role="county", unit="yaodu", password="county-pass-1")
    return SessionManager(settings, directory), directory, settings


def test_the_session_token_is_a_kpd_token_the_services_accept(setup: Setup) -> None:
    manager, directory, settings = setup
    account = directory.find("liu")
    assert account is not None
    token = manager.sign_in(account)
    services = TokenVerifier(AuthSettings(dev_key_path=settings.dev_key_path))
    principal = services.verify(token)
    assert (principal.user, principal.role.value, principal.unit) == ("liu", "county", "yaodu")
    session = manager.resume(token)
    assert session is not None
    assert session.csrf_token == manager.csrf_token(session.sid)
    assert session.renewed_token is None


def test_disable_and_password_change_end_the_session(setup: Setup) -> None:
    manager, directory, _ = setup
    account = directory.find("liu")
    assert account is not None
    token = manager.sign_in(account)
    directory.set_password(ADMIN, "liu", "county-pass-2")
    assert manager.resume(token) is None
    fresh = directory.find("liu")
    assert fresh is not None
    second = manager.sign_in(fresh)
    assert manager.resume(second) is not None
    directory.disable_user(ADMIN, "liu")
    assert manager.resume(second) is None


def test_a_half_used_token_is_renewed_with_the_same_session_id(
    setup: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, directory, settings = setup
    account = directory.find("liu")
    assert account is not None
    token = manager.sign_in(account)
    sid = jwt.decode(token, options={"verify_signature": False})["sid"]
    later = time.time() + settings.session_idle_minutes * 60 * 0.6
    monkeypatch.setattr(time, "time", lambda: later)
    session = manager.resume(token)
    assert session is not None
    assert session.renewed_token is not None
    assert jwt.decode(session.renewed_token, options={"verify_signature": False})["sid"] == sid


def test_forged_or_foreign_tokens_are_no_session(setup: Setup, tmp_path: Path) -> None:
    manager, _, _ = setup
    assert manager.resume("not-a-token") is None
    other = WorkbenchSettings(var_dir=tmp_path / "other", database_url="")
    stranger_directory = UserDirectory(env=build_env(None))
    stranger_directory.add_user(ADMIN, "liu", role="office", unit=None, password="office-pass-1")
    account = stranger_directory.find("liu")
    assert account is not None
    foreign = SessionManager(other, stranger_directory).sign_in(account)
    assert manager.resume(foreign) is None, "signed with another key"
