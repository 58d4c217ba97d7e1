"""A person's account in the built-in user directory (no framework here).

The account is an event-sourced aggregate like every other record in kpd, so who
was given which role, by whom, and when it was taken away is part of the audit
trail. The password is kept only as a hash made by the application.
"""

from __future__ import annotations

import re
import uuid

from eventsourcing.domain import Aggregate, event

# Usernames are typed by people at a login form: short, no spaces, case-insensitive.
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9_.-]{1,63}$")
_ACCOUNT_NAMESPACE = uuid.UUID("6f3f3d0e-5b7a-4d53-9b7e-2f8a0c1d9e41")


class AccountError(Exception):
    """An account command that cannot be carried out; the message is for people."""


def normalise_username(name: str) -> str:
    username = name.strip().lower()
    if not USERNAME_PATTERN.match(username):
        raise AccountError(
            f"用户名 {name!r} 无效：2–64 位小写字母、数字、点、下划线或连字符，以字母或数字开头"
        )
    return username


def account_id(username: str) -> uuid.UUID:
    """The account's id, derived from its username, so a name can be registered once."""
    return uuid.uuid5(_ACCOUNT_NAMESPACE, normalise_username(username))


class UserAccount(Aggregate):
    """One person who signs in to the workbench, with the role their tokens carry."""

    @staticmethod
    def create_id(username: str, **_: object) -> uuid.UUID:
        return account_id(username)

    @event("Registered")
    def __init__(
        self,
        username: str,
        display_name: str,
        role: str,
        unit: str | None,
        password_hash: str,
    ) -> None:
        self.username = username
        self.display_name = display_name
        self.role = role
        self.unit = unit
        self.password_hash = password_hash
        self.disabled = False
        # Every session carries the generation it was signed in under; disabling the
        # account or changing its password moves it on, which ends those sessions.
        self.session_generation = 0

    @event("Disabled")
    def disable(self, reason: str) -> None:
        if self.disabled:
            raise AccountError(f"账号 {self.username} 已停用")
        self.disabled = True
        self.disabled_reason = reason
        self.session_generation += 1

    @event("Enabled")
    def enable(self) -> None:
        if not self.disabled:
            raise AccountError(f"账号 {self.username} 未停用")
        self.disabled = False

    @event("PasswordChanged")
    def change_password(self, password_hash: str) -> None:
        self.password_hash = password_hash
        self.session_generation += 1

    def honours_session(self, generation: object) -> bool:
        """True while the account is active and the session is of its current generation."""
        return not self.disabled and generation == self.session_generation
