"""Group robots: WeCom (企业微信) and DingTalk (钉钉) markdown messages, or a generic JSON POST.

DingTalk robots with 加签 need ``timestamp`` and ``sign`` (HMAC-SHA256 of
"timestamp\\nsecret", base64) in the URL; a generic receiver gets
``X-KPD-Signature: sha256=<hex HMAC of the body>`` when a secret is set.
WeCom signs nothing: its URL's key is the secret. Both platforms answer 200
with ``errcode`` in the body, so a non-zero ``errcode`` is a failure too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import quote_plus

import httpx

from notify.channels.base import ChannelError, Message


def payload_for(message: Message) -> dict[str, Any]:
    text = f"**{message.subject}**\n\n{message.body}"
    if message.webhook_kind == "wecom":
        return {"msgtype": "markdown", "markdown": {"content": text}}
    if message.webhook_kind == "dingtalk":
        return {"msgtype": "markdown", "markdown": {"title": message.subject, "text": text}}
    return {
        "notification_id": message.notification_id,
        "recipient": message.recipient,
        "kind": message.kind,
        "subject": message.subject,
        "body": message.body,
        "link": message.link,
    }


def dingtalk_signed(url: str, secret: str, now_ms: int) -> str:
    digest = hmac.new(secret.encode(), f"{now_ms}\n{secret}".encode(), hashlib.sha256).digest()
    sign = quote_plus(base64.b64encode(digest).decode())
    return f"{url}{'&' if '?' in url else '?'}timestamp={now_ms}&sign={sign}"


class WebhookChannel:
    name = "webhook"

    def __init__(self, secret: str, *, timeout_s: float) -> None:
        self.secret = secret
        self._client = httpx.AsyncClient(timeout=timeout_s, trust_env=False)

    async def send(self, message: Message) -> None:
        body = json.dumps(payload_for(message), ensure_ascii=False).encode()
        url, headers = message.address, {"Content-Type": "application/json; charset=utf-8"}
        if self.secret and message.webhook_kind == "dingtalk":
            url = dingtalk_signed(url, self.secret, int(time.time() * 1000))
        elif self.secret and message.webhook_kind == "generic":
            mac = hmac.new(self.secret.encode(), body, hashlib.sha256).hexdigest()
            headers["X-KPD-Signature"] = f"sha256={mac}"
        try:
            response = await self._client.post(url, content=body, headers=headers)
        except httpx.HTTPError as exc:
            raise ChannelError(f"webhook unreachable: {exc!r}") from exc
        if response.status_code >= 500 or response.status_code == 429:
            raise ChannelError(f"webhook answered {response.status_code}")
        if response.status_code >= 400:
            raise ChannelError(f"webhook refused: {response.status_code}", permanent=True)
        if message.webhook_kind in ("wecom", "dingtalk"):
            try:
                errcode = response.json().get("errcode", 0)
            except ValueError:
                errcode = "unreadable answer"
            if errcode != 0:
                raise ChannelError(f"robot answered errcode {errcode}: {response.text[:200]}")

    async def close(self) -> None:
        await self._client.aclose()
