"""Request and response bodies of the notify API."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl

from servicekit.web.dates import BusinessDate

# A plain check (one @, a dotted domain): the mail server is the judge of the rest.
EMAIL_PATTERN = r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$"


class InboxItem(BaseModel):
    id: str
    recipient: str
    kind: str
    subject: str
    body: str
    link: str
    ref: str
    created_at: datetime
    read_at: datetime | None
    read_by: str | None


class InboxOut(BaseModel):
    unread: int = Field(description="未读条数 / unread notifications in the inbox")
    total: int
    items: list[InboxItem]


class ReadOut(BaseModel):
    id: str
    read_by: str


class ContactIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, pattern=EMAIL_PATTERN, max_length=254)
    webhook_url: HttpUrl | None = None
    webhook_kind: Literal["wecom", "dingtalk", "generic"] = "generic"
    digest: bool = Field(default=False, description="每日汇总 / one morning digest")


class ContactOut(BaseModel):
    unit_id: str
    email: str | None
    webhook_url: str | None
    webhook_kind: str
    digest: bool


class DeliveryOut(BaseModel):
    notification_id: str
    channel: str
    recipient: str
    kind: str
    status: Literal["pending", "retrying", "sent", "failed"]
    attempts: int
    last_error: str | None
    queued_at: datetime
    next_attempt_at: datetime
    sent_at: datetime | None


class SweepIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    as_of: BusinessDate | None = Field(default=None, description="默认今天 / today when omitted")
    digests: bool = Field(default=True, description="同时发送每日汇总 / also the digests")


class SweepOut(BaseModel):
    as_of: date
    due_soon: list[str]
    digests: list[str]
    failed: list[dict[str, str]] = Field(
        default_factory=list, description="因出错跳过的问题或单位（已记日志）/ skipped, logged"
    )
