"""Telling units: one notification per recipient and fact, on the channels it can take.

The channels are the policy's, each where the unit has an address for it (an
e-mail from its contact or the organisation seed, a robot from its contact);
the inbox always. A unit that takes the morning digest gets due-soon items in
its inbox only, and the digest by every channel.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from notify.application.base import NotifyBase
from notify.domain import Notification, recipients

# Kinds a digest unit reads in its digest rather than one message per item.
DIGESTED_KINDS = frozenset({"issue_due_soon"})


class TellingCommands(NotifyBase):
    def channels_for(self, unit_id: str, kind: str) -> list[str]:
        contact = self.contact(unit_id)
        if contact is not None and contact.digest and kind in DIGESTED_KINDS:
            return ["inbox"]
        unit = self.unit(unit_id)
        email = (contact.email if contact else None) or (unit.email if unit else None)
        addresses = {
            "inbox": True,
            "email": bool(email),
            "webhook": bool(contact and contact.webhook_url),
        }
        return [channel for channel in self.rules.channels if addresses[channel]]

    def tell(
        self,
        kind: str,
        about: str,
        facts: Mapping[str, str | None],
        words: Mapping[str, Any],
        *,
        ref: str,
        path: str,
        to: list[str] | None = None,
    ) -> list[Notification]:
        """The new notifications of one fact (``about``: what makes it unique), unsaved.

        ``facts`` names the fact's recipients by role; the policy says which are
        told. Those told of this fact before are skipped: nobody hears it twice.
        """
        policy: dict[str, list[str]] = {str(k): v for k, v in self.rules.events.items()}
        told = to if to is not None else recipients(policy.get(kind, []), facts)
        made: list[Notification] = []
        for unit_id in told:
            key = f"{kind}:{about}:{unit_id}"
            if self.find(Notification, Notification.create_id(key)) is not None:
                continue
            link = self.link(path) if path else ""
            subject, body = self.writer.render(
                kind,
                {
                    **words,
                    "unit_name": self.unit_name(unit_id),
                    "answering": unit_id == facts.get("assignee"),
                    "link": link,
                },
            )
            notification = Notification(
                key=key,
                recipient=unit_id,
                kind=kind,
                subject=subject,
                body=body,
                link=link,
                ref=ref,
                channels=self.channels_for(unit_id, kind),
            )
            # The inbox is this service's own record: the notification is in it once stored.
            notification.deliver("inbox")
            made.append(notification)
        return made
