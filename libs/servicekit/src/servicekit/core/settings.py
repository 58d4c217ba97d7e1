"""Service settings, read from ``KPD_*`` environment variables.

Defaults are the embedded setup that ``make up`` runs: SQLite files under
``./var`` and the launcher's own nats-server on 127.0.0.1:14222. Nothing here is
read at import time: ``ServiceSettings()`` is built by each entry point and
passed down, so tests construct their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ServiceName = Literal["registry", "issues", "scheduling", "assessment", "notify", "workbench"]

DEFAULT_PORTS: dict[str, int] = {
    "registry": 8001,
    "issues": 8002,
    "scheduling": 8003,
    "assessment": 8004,
    # Tells people (e-mail, IM robots, the inbox); consumes the other four.
    "notify": 8005,
}
# The browser workbench (services/workbench): its user directory is an event store
# migrated like the others, and it publishes only access changes (revocations).
WORKBENCH_PORT = 8000
MIGRATABLE_SERVICES: tuple[str, ...] = (*DEFAULT_PORTS, "workbench")


class ServiceSettings(BaseSettings):
    """Everything one service process needs to know about its surroundings."""

    model_config = SettingsConfigDict(env_prefix="KPD_", extra="ignore", frozen=True)

    service: ServiceName
    var_dir: Path = Path("var")
    # postgresql://user:pass@host:port/dbname — empty means SQLite under var_dir.
    database_url: str = ""
    # One schema per service in a shared database; defaults to the service name.
    postgres_schema: str = ""
    postgres_pool_size: int = Field(default=5, ge=1, le=100)
    # How often the store probe checks the database on its own connection (storeprobe.py).
    store_probe_interval_s: float = Field(default=0.5, gt=0, le=10)
    # A /v1 request still running this long while the probe finds the store unreachable
    # is answered 503 instead of waiting out the driver's retries (deadline.py).
    store_request_bound_s: float = Field(default=1.0, gt=0, le=60)
    # Python's GIL switch interval for the service process (sys.setswitchinterval).
    gil_switch_interval_ms: float = Field(default=0.5, gt=0, le=100)
    nats_url: str = "nats://127.0.0.1:14222"
    nats_user: str = ""
    nats_password: str = ""
    stream_replicas: int = Field(default=1, ge=1, le=5)
    # JetStream drops a re-published message whose Nats-Msg-Id it saw within this window.
    duplicate_window_seconds: int = Field(default=3600, ge=60)
    relay_batch_size: int = Field(default=256, ge=1, le=10_000)
    relay_linger_ms: int = Field(default=2, ge=0, le=1000)
    relay_ack_timeout_s: float = Field(default=5.0, gt=0)
    relay_poll_interval_s: float = Field(default=1.0, gt=0)
    consumer_batch_size: int = Field(default=64, ge=1, le=1000)
    # How long JetStream waits for an ack before redelivering (a crashed consumer's messages).
    consumer_ack_wait_s: float = Field(default=30.0, ge=1.0, le=3600.0)
    ready_max_relay_lag: int = Field(default=10_000, ge=0)
    # How long a starting process waits for its event store before giving up.
    store_startup_wait_s: float = Field(default=30.0, ge=0, le=600)
    # How long a read with KPD-Min-Position waits for the read models (then 503).
    consistency_wait_s: float = Field(default=2.0, ge=0, le=30)
    # Request bodies beyond this answer 413 before they are read (routes that take
    # files name their own limit); 1 MiB is a hundred times the largest command.
    http_max_body_bytes: int = Field(default=1024 * 1024, ge=1024, le=1024**3)
    # Retry-After of a 503 whose cause has no better estimate (a store that is away).
    http_retry_after_s: int = Field(default=2, ge=1, le=3600)
    # How late a registry replica may see an organisation change another one made.
    org_refresh_interval_s: float = Field(default=1.0, ge=0, le=300)
    policy_file: Path | None = None
    # A year's holidays and make-up days the office loads before chinese_calendar
    # ships them (servicekit.calendar.overrides); without it such a year counts
    # Monday-Friday and its deadlines are provisional.
    calendar_overrides_file: Path | None = None
    sweep_interval_s: float = Field(default=300.0, ge=0)
    # Authentication: the development issuer's key lives under var/keys by default.
    jwt_issuer: str = "kpd-dev"
    jwt_audience: str = "kpd"
    jwt_leeway_s: int = Field(default=30, ge=0, le=60)
    # Tokens whose exp - iat is longer are refused: people's tokens are short-lived.
    jwt_max_token_lifetime_s: int = Field(default=3600, ge=60, le=24 * 3600)
    # How often each process folds newly kept revocations into its list: a disabled
    # account's tokens are refused within this (plus the bus's few milliseconds).
    revocation_refresh_s: float = Field(default=1.0, gt=0, le=60)
    jwt_dev_key: Path | None = None
    jwt_jwks_file: Path | None = None
    jwt_jwks_url: str | None = None
    log_level: str = "INFO"
    # Signed checkpoints of the log (Ed25519); the development key is created by `make up`.
    checkpoint_key: Path | None = None
    checkpoint_every_events: int = Field(default=1000, ge=1)
    checkpoint_interval_s: float = Field(default=60.0, gt=0)

    @field_validator("database_url")
    @classmethod
    def _only_postgres_or_empty(cls, value: str) -> str:
        if value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("KPD_DATABASE_URL must be a postgresql:// URL or empty (SQLite)")
        return value

    @property
    def uses_postgres(self) -> bool:
        return bool(self.database_url)

    @property
    def schema_name(self) -> str:
        return self.postgres_schema or self.service

    @property
    def event_store_path(self) -> Path:
        return self.var_dir / f"{self.service}-events.sqlite"

    @property
    def read_model_url(self) -> str:
        """SQLAlchemy URL of the read models (same database as the events when deployed)."""
        if self.uses_postgres:
            return self.database_url.replace("postgres://", "postgresql://", 1).replace(
                "postgresql://", "postgresql+psycopg://", 1
            )
        return f"sqlite:///{self.var_dir / f'{self.service}-read.sqlite'}"

    @property
    def checkpoint_key_path(self) -> Path:
        # One key per service: a checkpoint of one proves nothing signed with another's.
        default = self.var_dir / "keys" / f"checkpoint-{self.service}-ed25519.pem"
        return self.checkpoint_key or default

    @property
    def dev_key_path(self) -> Path:
        return self.jwt_dev_key or self.var_dir / "keys" / "dev-jwt-ed25519.pem"
