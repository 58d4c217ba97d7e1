"""E-mail: over SMTP when a server is configured, else into a maildir under ``var/mail``.

Each message carries ``Message-ID: <notification id@kpd>``, so a message sent
again after a crash between sending and recording is recognisable as the same
one; the maildir sink names its file after the notification and writes it at
most once. The standard library's smtplib is enough here (one message per
connection, run in a worker thread): no extra dependency to keep.
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from notify.channels.base import ChannelError, Message


def compose(message: Message, sender: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = message.address
    mail["Subject"] = message.subject
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = f"<{message.notification_id}@kpd>"
    mail["X-KPD-Notification"] = message.notification_id
    mail["X-KPD-Kind"] = message.kind
    mail.set_content(message.body, charset="utf-8")
    return mail


@dataclass(frozen=True)
class SmtpLogin:
    user: str
    password: str
    # STARTTLS before AUTH unless the relay is on a trusted link (a local MTA).
    starttls: bool = True


class SmtpChannel:
    name = "email"

    def __init__(
        self, host: str, port: int, sender: str, *, timeout_s: float, login: SmtpLogin | None = None
    ) -> None:
        self.host, self.port, self.sender, self.timeout_s = host, port, sender, timeout_s
        self.login = login

    async def send(self, message: Message) -> None:
        await asyncio.to_thread(self._send, compose(message, self.sender))

    def _send(self, mail: EmailMessage) -> None:
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout_s) as smtp:
                if self.login is not None:
                    if self.login.starttls:
                        smtp.starttls(context=ssl.create_default_context())
                    smtp.login(self.login.user, self.login.password)
                smtp.send_message(mail)
        except smtplib.SMTPAuthenticationError as exc:
            # The channel's fault, not the message's: once the operator fixes the
            # password, what queued meanwhile is sent (the channel rests between rounds).
            user = self.login.user if self.login else ""
            raise ChannelError(
                f"SMTP {self.host}:{self.port} refused the login of {user!r}: {exc.smtp_code}"
            ) from exc
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            raise ChannelError(
                f"SMTP refused {mail['To']}: {codes}", permanent=all(c >= 500 for c in codes)
            ) from exc
        except smtplib.SMTPResponseException as exc:
            raise ChannelError(
                f"SMTP {exc.smtp_code}: {exc.smtp_error!r}", permanent=exc.smtp_code >= 550
            ) from exc
        except (TimeoutError, OSError, smtplib.SMTPException) as exc:
            raise ChannelError(f"SMTP {self.host}:{self.port} unreachable: {exc}") from exc


class MaildirChannel:
    """The embedded default: nothing leaves the machine; ``var/mail/new`` holds the mail."""

    name = "email"

    def __init__(self, root: Path, sender: str) -> None:
        self.root, self.sender = root, sender

    async def send(self, message: Message) -> None:
        await asyncio.to_thread(self._write, message)

    def _write(self, message: Message) -> None:
        try:
            for sub in ("tmp", "new", "cur"):
                (self.root / sub).mkdir(parents=True, exist_ok=True)
            name = f"{message.notification_id}.kpd"
            if (self.root / "new" / name).exists() or (self.root / "cur" / name).exists():
                return  # written before a crash kept it from being recorded
            tmp = self.root / "tmp" / name
            tmp.write_bytes(compose(message, self.sender).as_bytes())
            os.replace(tmp, self.root / "new" / name)
        except OSError as exc:
            raise ChannelError(f"maildir {self.root}: {exc}") from exc
