"""Events produced by the notify service: each delivery of a notification, and each failure.

The notification itself (who is told what, and why) is the notify service's own
record; what leaves it is the outcome per channel, so that an operator can
count deliveries and an auditor can see that a unit was told, when and how.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from contracts.base import EventData
from contracts.types import Identifier

Channel = Literal["inbox", "email", "webhook"]


class _Notify(EventData):
    producer = "notify"


class NotificationSent(_Notify):
    """通知已送达 / A notification reached one channel of its recipient.

    The inbox, a mailbox or a robot (``channel``).
    """

    event_name = "NotificationSent"
    notification_id: Identifier
    recipient: Identifier = Field(description="the unit told: a county, department, hq …")
    kind: Identifier = Field(description="why: issue_due_soon, issue_escalated, …")
    channel: Channel
    attempt: int = Field(ge=1, description="1 for the first try")


class NotificationFailed(_Notify):
    """通知发送失败 / A delivery attempt failed.

    ``will_retry`` says whether the service tries again.
    """

    event_name = "NotificationFailed"
    notification_id: Identifier
    recipient: Identifier
    kind: Identifier
    channel: Channel
    attempt: int = Field(ge=1)
    reason: str = Field(min_length=1, max_length=500)
    will_retry: bool
