"""The user directory on the in-memory store: accounts, passwords, disabling."""

from __future__ import annotations

import pytest

from servicekit.core.context import CommandContext
from servicekit.eventstore.environment import build_env
from workbench.directory import UserDirectory
from workbench.domain import AccountError

OFFICE = CommandContext("admin", "operator", None, "c1", None, "test")


@pytest.fixture
def directory() -> UserDirectory:
    return UserDirectory(env=build_env(None))


def test_added_user_signs_in_with_its_password_only(directory: UserDirectory) -> None:
    directory.add_user(OFFICE, "Wang.Ming", role="county", unit="yaodu", password="s3cret-pass!")
    account = directory.check_password("wang.ming", "s3cret-pass!")
    assert account is not None
    assert (account.username, account.role, account.unit) == ("wang.ming", "county", "yaodu")
    assert directory.check_password("wang.ming", "s3cret-pass?") is None
    assert directory.check_password("nobody", "s3cret-pass!") is None


def test_password_is_stored_as_an_argon2id_hash(directory: UserDirectory) -> None:
    account = directory.add_user(OFFICE, "li", role="office", unit=None, password="another-pass")
    assert account.password_hash.startswith("$argon2id$")
    assert "another-pass" not in account.password_hash


def test_a_name_is_registered_once(directory: UserDirectory) -> None:
    directory.add_user(OFFICE, "zhao", role="office", unit=None, password="first-password")
    with pytest.raises(AccountError, match="已存在"):
        directory.add_user(OFFICE, "ZHAO", role="office", unit=None, password="second-password")


@pytest.mark.parametrize(
    ("role", "unit", "message"),
    [("mayor", None, "角色"), ("county", None, "--unit"), ("department", "", "--unit")],
)
def test_roles_and_units_are_checked(
    directory: UserDirectory, role: str, unit: str | None, message: str
) -> None:
    with pytest.raises(AccountError, match=message):
        directory.add_user(OFFICE, "sun", role=role, unit=unit, password="good-password")


@pytest.mark.parametrize("password", ["short", " leading-space", "aaaaaaaaaaaa"])
def test_weak_passwords_are_refused(directory: UserDirectory, password: str) -> None:
    with pytest.raises(AccountError, match="密码"):
        directory.add_user(OFFICE, "zhou", role="office", unit=None, password=password)


def test_disabling_refuses_the_password_and_ends_sessions(directory: UserDirectory) -> None:
    account = directory.add_user(OFFICE, "wu", role="office", unit=None, password="wu-password-1")
    generation = account.session_generation
    directory.disable_user(OFFICE, "wu", reason="调离")
    disabled = directory.find("wu")
    assert disabled is not None
    assert disabled.disabled
    assert not disabled.honours_session(generation)
    assert directory.check_password("wu", "wu-password-1") is None
    directory.enable_user(OFFICE, "wu")
    enabled = directory.find("wu")
    assert enabled is not None
    assert not enabled.honours_session(generation), "an old session stays ended"
    assert directory.check_password("wu", "wu-password-1") is not None


def test_password_change_ends_existing_sessions(directory: UserDirectory) -> None:
    account = directory.add_user(OFFICE, "zheng", role="office", unit=None, password="old-password")
    before = account.session_generation
    directory.set_password(OFFICE, "zheng", "new-password-2")
    after = directory.find("zheng")
    assert after is not None
    assert not after.honours_session(before)
    assert after.honours_session(after.session_generation)
    assert directory.check_password("zheng", "old-password") is None


def test_account_changes_are_events_with_their_actor(directory: UserDirectory) -> None:
    directory.add_user(OFFICE, "chen", role="office", unit=None, password="chen-password")
    directory.disable_user(OFFICE, "chen")
    events = directory.recorder.select_notifications(None, 10)
    assert [n.topic.rsplit(":", 1)[-1] for n in events] == [
        "UserAccount.Registered",
        "UserAccount.Disabled",
    ]
    assert all(b'"actor":"admin"' in n.state.replace(b" ", b"") for n in events)


def test_accounts_lists_every_account_in_order(directory: UserDirectory) -> None:
    for name in ("a1", "b2", "c3"):
        directory.add_user(OFFICE, name, role="auditor", unit=None, password=f"{name}-password")
    assert [account.username for account in directory.accounts()] == ["a1", "b2", "c3"]
