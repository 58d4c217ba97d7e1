"""User directory events → contract events: only what revokes access leaves the workbench.

Registering an account (with its password hash) stays inside; disabling it,
enabling it again and ending its sessions (a changed password) go to every
service, which refuse the account's older tokens from then on.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from typing import Any
from uuid import UUID

from contracts import workbench as contract
from contracts.base import EventData
from servicekit.eventstore.store import KpdApplication
from workbench.domain import UserAccount

_CONTRACTS: dict[
    type[Any],
    type[contract.AccountDisabled | contract.AccountEnabled | contract.AccountSessionsEnded],
] = {
    UserAccount.Disabled: contract.AccountDisabled,  # type: ignore[attr-defined]
    UserAccount.Enabled: contract.AccountEnabled,  # type: ignore[attr-defined]
    UserAccount.PasswordChanged: contract.AccountSessionsEnded,  # type: ignore[attr-defined]
}


def publishes(domain_event: Any) -> bool:
    """Whether the relay publishes this event (``kpd audit verify`` asks, without a store)."""
    return type(domain_event) in _CONTRACTS


def make_translator(app: KpdApplication) -> Callable[[Any], EventData | None]:
    """The translator, reading the account's username from its first event."""

    @lru_cache(maxsize=10_000)
    def username_of(account_id: UUID) -> str:
        first: Any
        for first in app.events.get(account_id, lte=1):
            return str(first.username)
        raise LookupError(f"no account {account_id}")

    def translate(domain_event: Any) -> EventData | None:
        model = _CONTRACTS.get(type(domain_event))
        if model is None:
            return None
        return model(username=username_of(domain_event.originator_id), at=domain_event.timestamp)

    return translate
