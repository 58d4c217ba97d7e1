"""The notify service's surroundings beyond every service's (``KPD_NOTIFY_*``).

No SMTP host means the embedded default: e-mail is written to a maildir under
``var/mail`` and nothing leaves the machine.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr

from servicekit.core.settings import ServiceSettings


class NotifySettings(ServiceSettings):
    notify_smtp_host: str = ""
    notify_smtp_port: int = Field(default=25, ge=1, le=65535)
    # A relay that wants a login gets it, over STARTTLS unless told otherwise: a
    # password never crosses the network in the clear by default.
    notify_smtp_user: str = ""
    notify_smtp_password: SecretStr = SecretStr("")
    notify_smtp_starttls: bool = True
    notify_mail_from: str = "kpd-notify@localhost"
    notify_mail_dir: Path | None = None
    # Signs DingTalk (加签) and generic webhook deliveries; WeCom robots sign nothing.
    notify_webhook_secret: str = ""
    # Where the links in messages point: the workbench as people reach it.
    notify_workbench_url: str = "http://127.0.0.1:8000"
    # How often the dispatcher looks for deliveries that are due.
    notify_dispatch_interval_s: float = Field(default=0.5, gt=0, le=60)

    @property
    def mail_dir(self) -> Path:
        return self.notify_mail_dir or self.var_dir / "mail"
