"""Reading a producer's JetStream stream for ``kpd audit verify --from-jetstream``.

An ordered consumer reads the stream from its first message to the last one
present when reading began; each message is kept with its stream sequence,
unparsed, so that a malformed message is reported by the cross-check rather
than stopping the read.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import nats
from nats.errors import Error as NatsError
from nats.js.api import DeliverPolicy
from nats.js.errors import NotFoundError

from contracts.subjects import STREAMS, stream_subjects

READ_TIMEOUT_S = 10.0
CONNECT_TIMEOUT_S = 10.0


class StreamUnavailableError(Exception):
    """The NATS server cannot be reached (exit code 2)."""


@dataclass(frozen=True)
class StreamMessage:
    stream_sequence: int
    data: bytes


@dataclass
class StreamContents:
    service: str
    stream: str
    exists: bool
    messages: list[StreamMessage]


async def _read(
    url: str,
    services: list[str],
    credentials: dict[str, str],
    progress: Callable[[int], None] | None,
) -> list[StreamContents]:
    async def quiet(_: Exception) -> None:
        """Connection errors end in one message below, not a traceback per attempt."""

    try:
        # max_reconnect_attempts=0 means "forever" to nats-py's first connect: allow one.
        nc = await asyncio.wait_for(
            nats.connect(
                url,
                connect_timeout=3,
                max_reconnect_attempts=1,
                allow_reconnect=False,
                error_cb=quiet,
                **credentials,
            ),
            timeout=CONNECT_TIMEOUT_S,
        )
    except (OSError, NatsError, TimeoutError) as exc:
        raise StreamUnavailableError(f"无法连接 NATS / cannot reach {url}: {exc}") from exc
    results = []
    try:
        js = nc.jetstream(timeout=READ_TIMEOUT_S)
        for service in services:
            stream = STREAMS[service]
            try:
                info = await js.stream_info(stream)
            except NotFoundError:
                results.append(StreamContents(service, stream, exists=False, messages=[]))
                continue
            last = info.state.last_seq
            messages: list[StreamMessage] = []
            if info.state.messages:
                sub = await js.subscribe(
                    stream_subjects(service),
                    stream=stream,
                    ordered_consumer=True,
                    deliver_policy=DeliverPolicy.ALL,
                )
                try:
                    while not messages or messages[-1].stream_sequence < last:
                        msg = await sub.next_msg(timeout=READ_TIMEOUT_S)
                        messages.append(StreamMessage(msg.metadata.sequence.stream, msg.data))
                        if progress is not None:
                            progress(1)
                finally:
                    await sub.unsubscribe()
            results.append(StreamContents(service, stream, exists=True, messages=messages))
    finally:
        await nc.close()
    return results


def listening(url: str, timeout_s: float = 1.0) -> bool:
    """Does anything accept TCP at one of ``url``'s servers? Spares nats-py's 2 s retry
    wait when the default NATS is simply not running."""
    for server in url.split(","):
        parts = urlsplit(server.strip() if "://" in server else f"nats://{server.strip()}")
        try:
            with socket.create_connection(
                (parts.hostname or "127.0.0.1", parts.port or 4222), timeout_s
            ):
                return True
        except (OSError, ValueError):
            continue
    return False


def read_streams(
    url: str,
    services: list[str],
    *,
    user: str = "",
    password: str = "",
    progress: Callable[[int], None] | None = None,
) -> list[StreamContents]:
    """Every message of each named producer's stream, in stream order."""
    credentials = {"user": user, "password": password} if user else {}
    return asyncio.run(_read(url, services, credentials, progress))
