"""Workbench settings (``KPD_*``): where the services are, sessions and throttling.

The store settings (``KPD_DATABASE_URL``, ``KPD_VAR_DIR``) are the services' own:
the user directory is one more event store beside theirs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field

from servicekit.core.settings import DEFAULT_PORTS, ServiceName, ServiceSettings

UPSTREAMS = ("registry", "issues", "scheduling", "assessment", "notify")


def _local(service: str) -> str:
    return f"http://127.0.0.1:{DEFAULT_PORTS[service]}"


class WorkbenchSettings(ServiceSettings):
    """Everything the workbench process needs beyond a service's settings."""

    service: ServiceName = "workbench"
    registry_url: str = _local("registry")
    issues_url: str = _local("issues")
    scheduling_url: str = _local("scheduling")
    assessment_url: str = _local("assessment")
    notify_url: str = _local("notify")
    upstream_timeout_s: float = Field(default=15.0, gt=0, le=120)
    # The monthly report form carries its photos (each at most 10 MB at the registry);
    # every other form stays under http_max_body_bytes.
    report_form_max_bytes: int = Field(default=64 * 1024 * 1024, ge=1024 * 1024, le=1024**3)
    # How long a signed-in session lasts without use, and at most in all.
    # The session's token lives as long as its idle limit, so at most an hour: the
    # services refuse longer-lived tokens (jwt_max_token_lifetime_s).
    session_idle_minutes: int = Field(default=60, ge=5, le=60)
    session_max_hours: int = Field(default=12, ge=1, le=7 * 24)
    # Login throttling: this many failures within the window lock the name (and the
    # client address) for the lock time.
    login_max_failures: int = Field(default=5, ge=1, le=100)
    login_window_s: int = Field(default=900, ge=10)
    login_lock_s: int = Field(default=900, ge=1)
    # Secure cookies need HTTPS: on for any deployment behind TLS.
    cookie_secure: bool = False
    # The key that signs the session tokens the services verify. In the embedded
    # default it is the development key the services trust (``KPD_JWT_DEV_KEY``).
    session_signing_key: Path | None = None
    # HMAC key for CSRF tokens; created under var/keys when missing.
    csrf_secret_file: Path | None = None
    # How long a page waits for another service to learn of a change from events
    # (a just-registered project in the issues service). A service's own read
    # models need no wait here: KPD-Min-Position (workbench.consistency).
    consistency_wait_s: float = Field(default=3.0, ge=0, le=30)
    # Demo accounts (one per role) are created at start-up only in the embedded default.
    demo_accounts: Literal["auto", "on", "off"] = "auto"

    def upstream_url(self, service: str) -> str:
        urls = {
            "registry": self.registry_url,
            "issues": self.issues_url,
            "scheduling": self.scheduling_url,
            "assessment": self.assessment_url,
            "notify": self.notify_url,
        }
        return urls[service].rstrip("/")

    @property
    def signing_key_path(self) -> Path:
        return self.session_signing_key or self.dev_key_path

    @property
    def csrf_secret_path(self) -> Path:
        return self.csrf_secret_file or self.var_dir / "keys" / "workbench-csrf.key"
