"""One interface for every way of telling a unit: ``send(message)`` or raise ``ChannelError``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Message:
    """What one channel delivers of one notification, with the address it goes to."""

    notification_id: str
    recipient: str
    recipient_name: str
    kind: str
    subject: str
    body: str
    link: str
    address: str  # an e-mail address or a robot's URL
    webhook_kind: str = "generic"


class ChannelError(Exception):
    """The channel did not take the message. ``permanent``: trying again cannot help
    (the mail server refused the address for good); otherwise it is tried again later."""

    def __init__(self, reason: str, *, permanent: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent


class Channel(Protocol):
    name: str

    async def send(self, message: Message) -> None: ...
