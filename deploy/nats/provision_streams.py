"""Create kpd's JetStream streams as the NATS admin, before any service starts.

Run as ``python provision_streams.py`` with the admin's ``KPD_NATS_URL``,
``KPD_NATS_USER``, ``KPD_NATS_PASSWORD`` and ``KPD_STREAM_REPLICAS``: the compose
one-shot ``nats-provision`` and the Kubernetes Job ``kpd-nats-provision`` do, with
the registry image (which carries this file as /opt/kpd/provision_streams.py).

The service users may not create streams (deploy/nats/auth.conf), so the streams'
durability settings are decided here, once, by the very code the services use
(``servicekit.messaging.bus.ensure_streams``). An existing stream is left as it is, except
that a stream with fewer replicas than asked for is scaled up: JetStream allows
that change in place, and a city that grows into a cluster needs it.
"""

from __future__ import annotations

import asyncio
import logging

from nats.js import JetStreamContext

from contracts.subjects import DLQ_STREAM, STREAMS
from servicekit.core.settings import ServiceSettings
from servicekit.messaging.bus import connect, ensure_streams

STREAM_NAMES = (*STREAMS.values(), DLQ_STREAM)
CONNECT_ATTEMPTS = 30

log = logging.getLogger("kpd.provision")


async def scale_up_replicas(js: JetStreamContext, replicas: int) -> list[str]:
    """Raise every kpd stream to ``replicas``; returns the names of those changed."""
    changed = []
    for name in STREAM_NAMES:
        info = await js.stream_info(name)
        if (info.config.num_replicas or 1) < replicas:
            info.config.num_replicas = replicas
            await js.update_stream(info.config)
            changed.append(name)
    return changed


async def provision(settings: ServiceSettings) -> list[str]:
    """Ensure all five streams exist with ``settings.stream_replicas``; returns their names."""
    nc = await connect(settings, name="kpd-provision-streams")
    try:
        # A fresh cluster answers the stream API only once it has elected a meta leader.
        js = nc.jetstream(timeout=10)
        for attempt in range(CONNECT_ATTEMPTS):
            try:
                await ensure_streams(js, settings)
                break
            except Exception as exc:
                if attempt == CONNECT_ATTEMPTS - 1:
                    raise
                log.warning("JetStream not ready yet (%r); retrying", exc)
                await asyncio.sleep(1)
        for name in await scale_up_replicas(js, settings.stream_replicas):
            log.warning("%s: replicas raised to %d", name, settings.stream_replicas)
        return list(STREAM_NAMES)
    finally:
        await nc.close()


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    # ServiceSettings wants a service name; the streams do not depend on which one.
    settings = ServiceSettings(service="registry")
    names = asyncio.run(provision(settings))
    log.info("streams ready, %d replica(s): %s", settings.stream_replicas, ", ".join(names))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
