"""NATS connection and JetStream stream provisioning.

Streams are created with file storage, ``deny_delete`` and ``deny_purge`` (an
audit trail must not be deletable through the API), ``discard new`` with no
age or size limits (a full stream refuses writes rather than dropping history),
and a duplicate window so that a relay re-publishing after a crash is harmless.
"""

from __future__ import annotations

import logging

import nats
from nats.aio.client import Client
from nats.js import JetStreamContext
from nats.js.api import DiscardPolicy, RetentionPolicy, StorageType, StreamConfig
from nats.js.errors import NotFoundError

from contracts.subjects import DLQ_STREAM, DLQ_SUBJECTS, STREAMS, stream_subjects
from servicekit.core.settings import ServiceSettings

log = logging.getLogger("kpd.bus")


async def connect(settings: ServiceSettings, name: str) -> Client:
    """Connect with reconnects forever; callers decide how long to wait for the first one."""

    async def on_error(exc: Exception) -> None:
        log.warning("NATS error: %s", exc)

    async def on_disconnect() -> None:
        log.warning("NATS disconnected")

    async def on_reconnect() -> None:
        log.info("NATS reconnected")

    options: dict[str, object] = {}
    if settings.nats_user:
        options = {"user": settings.nats_user, "password": settings.nats_password}
    return await nats.connect(
        settings.nats_url,
        name=name,
        connect_timeout=2,
        reconnect_time_wait=0.5,
        max_reconnect_attempts=-1,
        allow_reconnect=True,
        error_cb=on_error,
        disconnected_cb=on_disconnect,
        reconnected_cb=on_reconnect,
        # Messages published while disconnected wait here; the relay's acks bound them.
        pending_size=64 * 1024 * 1024,
        **options,  # type: ignore[arg-type,unused-ignore]
    )


def stream_config(name: str, subjects: list[str], settings: ServiceSettings) -> StreamConfig:
    return StreamConfig(
        name=name,
        subjects=subjects,
        retention=RetentionPolicy.LIMITS,
        storage=StorageType.FILE,
        discard=DiscardPolicy.NEW,
        max_age=0,
        max_bytes=-1,
        max_msgs=-1,
        num_replicas=settings.stream_replicas,
        duplicate_window=float(settings.duplicate_window_seconds),
        deny_delete=True,
        deny_purge=True,
        allow_rollup_hdrs=False,
    )


async def ensure_stream(js: JetStreamContext, config: StreamConfig) -> None:
    """Create the stream if missing; leave an existing one as it is (never shrink it)."""
    assert config.name is not None
    try:
        await js.stream_info(config.name)
    except NotFoundError:
        await js.add_stream(config)
        log.info("created stream %s on %s", config.name, config.subjects)


async def ensure_streams(js: JetStreamContext, settings: ServiceSettings) -> None:
    """Every service provisions every stream it touches: its own and the ones it reads."""
    for producer, stream in STREAMS.items():
        await ensure_stream(js, stream_config(stream, [stream_subjects(producer)], settings))
    await ensure_stream(js, stream_config(DLQ_STREAM, [DLQ_SUBJECTS], settings))
