"""The revocation list: accounts disabled and sessions ended, refused by every service.

The workbench publishes each change of access (``contracts.workbench``); every
service keeps it in its own store and folds it into this list, which the bearer
dependency asks after the token's signature and claims have been checked. A
token's ``iat`` has whole seconds, so an instant is compared at that precision.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

DISABLED, ENABLED, SESSIONS_ENDED = "disabled", "enabled", "sessions_ended"
KINDS = (DISABLED, ENABLED, SESSIONS_ENDED)


@dataclass
class _Access:
    disabled: bool = False
    # Tokens issued before this (epoch seconds) are refused.
    not_before: int = 0


class RevocationList:
    def __init__(self) -> None:
        self._by_user: dict[str, _Access] = {}
        self._lock = threading.Lock()
        # False until the stored changes have been read once: no token is honoured
        # before that, since one of them may be revoked.
        self.loaded = False

    def apply(self, username: str, kind: str, at: float) -> None:
        """One change of access, in the order the workbench recorded them."""
        if kind not in KINDS:
            raise ValueError(f"unknown revocation kind {kind!r}")
        with self._lock:
            access = self._by_user.setdefault(username, _Access())
            # Enabling does not revive the tokens issued before it: sign in again.
            access.not_before = max(access.not_before, int(at))
            if kind != SESSIONS_ENDED:
                access.disabled = kind == DISABLED

    def refusal(self, user: str, issued_at: int) -> str | None:
        """Why ``user``'s token issued at ``issued_at`` is revoked, or None when it is not."""
        access = self._by_user.get(user)
        if access is None:
            return None
        if access.disabled:
            return "账号已停用，令牌已吊销 / account disabled: token revoked"
        if issued_at < access.not_before:
            return (
                "令牌签发于会话结束之前（如修改密码），已吊销，请重新登录 / "
                "token issued before the account's sessions were ended: sign in again"
            )
        return None

    def disabled(self, user: str) -> bool:
        """Whether ``user``'s account is disabled now (what credentials other than
        tokens, such as calendar feed links, are refused for)."""
        access = self._by_user.get(user)
        return access is not None and access.disabled

    def __len__(self) -> int:
        return len(self._by_user)
