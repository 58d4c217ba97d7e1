"""The built-in user directory: accounts as events, passwords as argon2id hashes.

Used by the workbench to sign people in and by ``kpd user`` to manage accounts.
Both open the same store (SQLite under ``var/`` or the ``workbench`` schema in
PostgreSQL), so an account disabled from the command line is refused by the
running workbench on its next request.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from eventsourcing.application import AggregateNotFoundError
from eventsourcing.utils import get_topic

from servicekit.core.context import CommandContext, command_method
from servicekit.eventstore.store import KpdApplication
from servicekit.web.auth import SCOPED_ROLES, Role
from workbench.domain import AccountError, UserAccount, account_id, normalise_username

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 256
_PAGE = 500


class UserDirectory(KpdApplication):
    """Accounts of the people who use the workbench."""

    # The producer's name: its PostgreSQL table (workbench_events), its stream and
    # its checkpoints are the workbench's, like every service's.
    name = "workbench"

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        self._hasher = PasswordHasher()
        # Checked against when the name is unknown, so a wrong name costs as long as
        # a wrong password and the timing tells nothing about which names exist.
        self._dummy_hash = self._hasher.hash("kpd-no-such-user")

    @command_method
    def add_user(
        self,
        ctx: CommandContext,
        username: str,
        *,
        role: str,
        unit: str | None,
        password: str,
        display_name: str = "",
    ) -> UserAccount:
        name = normalise_username(username)
        checked_role = _checked_role(role, unit)
        if self.find(name) is not None:
            raise AccountError(f"用户 {name} 已存在")
        account = UserAccount(
            username=name,
            display_name=display_name.strip() or name,
            role=checked_role.value,
            unit=unit or None,
            password_hash=self._hasher.hash(_checked_password(password)),
        )
        self.save(account)
        return account

    @command_method
    def disable_user(self, ctx: CommandContext, username: str, reason: str = "") -> UserAccount:
        account = self._require(username)
        account.disable(reason=reason.strip() or "停用")
        self.save(account)
        return account

    @command_method
    def enable_user(self, ctx: CommandContext, username: str) -> UserAccount:
        account = self._require(username)
        account.enable()
        self.save(account)
        return account

    @command_method
    def set_password(self, ctx: CommandContext, username: str, password: str) -> UserAccount:
        account = self._require(username)
        account.change_password(self._hasher.hash(_checked_password(password)))
        self.save(account)
        return account

    def find(self, username: str) -> UserAccount | None:
        try:
            aggregate_id = account_id(username)
        except AccountError:
            return None
        return self.find_by_id(aggregate_id)

    def check_password(self, username: str, password: str) -> UserAccount | None:
        """The active account whose password this is, else ``None`` (never says why)."""
        account = self.find(username)
        stored = account.password_hash if account is not None else self._dummy_hash
        try:
            self._hasher.verify(stored, password[:MAX_PASSWORD_LENGTH])
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return None
        if account is None or account.disabled:
            return None
        return account

    def accounts(self) -> Iterator[UserAccount]:
        """Every account, in the order they were registered."""
        topic = get_topic(UserAccount.Registered)  # type: ignore[attr-defined]
        start: int | None = None
        while True:
            page = self.recorder.select_notifications(start, _PAGE, topics=[topic])
            for notification in page:
                account = self.find_by_id(notification.originator_id)
                if account is not None:
                    yield account
            if len(page) < _PAGE:
                return
            start = page[-1].id + 1

    def find_by_id(self, aggregate_id: Any) -> UserAccount | None:
        try:
            account: UserAccount = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return account

    def _require(self, username: str) -> UserAccount:
        account = self.find(username)
        if account is None:
            raise AccountError(f"用户 {username} 不存在")
        return account


def _checked_role(role: str, unit: str | None) -> Role:
    try:
        checked = Role(role)
    except ValueError:
        allowed = "、".join(member.value for member in Role)
        raise AccountError(f"角色 {role!r} 未知；可选：{allowed}") from None
    if checked in SCOPED_ROLES and not unit:
        raise AccountError(f"角色 {checked.value} 需要所属单位（--unit）")
    return checked


def _checked_password(password: str) -> str:
    if not MIN_PASSWORD_LENGTH <= len(password) <= MAX_PASSWORD_LENGTH:
        raise AccountError(
            f"密码长度须在 {MIN_PASSWORD_LENGTH} 到 {MAX_PASSWORD_LENGTH} 个字符之间"
        )
    if password.strip() != password or len(set(password)) < 4:
        raise AccountError("密码不能以空格开头或结尾，且至少包含 4 个不同字符")
    return password
