"""Events produced by the workbench: what every service must know of a person's account.

Only what revokes access leaves the user directory (never a password hash, never
the account's details): each service keeps these as its revocation list and
refuses, within seconds, a token of a disabled account or of ended sessions.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import Field

from contracts.base import EventData
from contracts.types import Identifier


class _Workbench(EventData):
    producer = "workbench"


class AccountDisabled(_Workbench):
    """账号已停用 / An account was disabled.

    Every token of this user is refused until it is enabled.
    """

    event_name = "AccountDisabled"
    username: Identifier = Field(description="the token's subject (sub)")
    at: datetime = Field(description="when the account was disabled")


class AccountEnabled(_Workbench):
    """账号已启用 / A disabled account was enabled again.

    Tokens issued from ``at`` on are honoured.
    """

    event_name = "AccountEnabled"
    username: Identifier
    at: datetime = Field(description="when the account was enabled; older tokens stay refused")


class AccountSessionsEnded(_Workbench):
    """账号会话已结束 / The account's sessions were ended.

    Its password changed: older tokens are refused.
    """

    event_name = "AccountSessionsEnded"
    username: Identifier
    at: datetime = Field(description="tokens issued before this instant are refused")
