"""The compose file's 3-node JetStream cluster loses a node and loses no message.

nats-1..3 run from deploy/nats on loopback ports; the admin provisions kpd's
streams with 3 replicas; the registry user publishes with acks; the node leading
KPD_REGISTRY is killed (SIGKILL, by PID); publishing goes on against the two
survivors; every acknowledged event is then read back exactly once; the killed
node restarts and catches up from its own store and its peers. And a node left
alone (quorum lost) stops reporting healthy, which the KpdNatsNoQuorum alert counts on.
"""

from __future__ import annotations

import asyncio
import time

import nats
import pytest
from nats.aio.client import Client
from nats.js import JetStreamContext

from deploy.nats.provision_streams import STREAM_NAMES, provision
from servicekit.core.settings import ServiceSettings
from tests.deploy.natsnodes import NatsNode, password_of

pytestmark = [pytest.mark.nats, pytest.mark.slow]

STREAM = "KPD_REGISTRY"
SUBJECT = "kpd.registry.ClusterProbe.v1"
PER_PHASE = 150
PHASE_DEADLINE_S = 20.0


async def connect(nodes: dict[str, NatsNode], user: str) -> Client:
    return await nats.connect(
        [node.url() for node in nodes.values()],
        user=user,
        password=password_of(user),
        connect_timeout=2,
        reconnect_time_wait=0.2,
        max_reconnect_attempts=-1,
    )


async def publish_acked(js: JetStreamContext, ids: range) -> dict[str, int]:
    """Publish each id until acknowledged (same Nats-Msg-Id on retry); id → stream seq."""
    acked: dict[str, int] = {}
    deadline = time.monotonic() + PHASE_DEADLINE_S
    for number in ids:
        msg_id = f"probe-{number}"
        while msg_id not in acked:
            assert time.monotonic() < deadline, f"{msg_id} never acknowledged"
            try:
                ack = await js.publish(
                    SUBJECT, msg_id.encode(), headers={"Nats-Msg-Id": msg_id}, timeout=2
                )
            except (TimeoutError, nats.errors.Error):
                await asyncio.sleep(0.2)  # leader election or reconnect under way
                continue
            assert ack.stream == STREAM
            acked[msg_id] = ack.seq
    return acked


async def stream_contents(js: JetStreamContext) -> dict[str, int]:
    """Every message in the stream as Nats-Msg-Id → seq; fails on a duplicate id."""
    info = await js.stream_info(STREAM)
    found: dict[str, int] = {}
    for seq in range(info.state.first_seq, info.state.last_seq + 1):
        message = await js.get_msg(STREAM, seq)
        msg_id = (message.headers or {})["Nats-Msg-Id"]
        assert message.data == msg_id.encode()
        assert msg_id not in found, f"{msg_id} stored twice"
        found[msg_id] = seq
    return found


def stored_on(node: NatsNode) -> int:
    """Messages of KPD_REGISTRY in this node's own replica (its /jsz)."""
    _, body = node.monitor("/jsz?streams=true")
    for account in body.get("account_details", []):  # type: ignore[attr-defined]
        for stream in account.get("stream_detail") or []:
            if stream["name"] == STREAM:
                return int(stream["state"]["messages"])
    return -1


def test_cluster_survives_losing_a_node_with_no_lost_message(
    nats_cluster: dict[str, NatsNode],
) -> None:
    async def scenario() -> None:
        admin_settings = ServiceSettings(
            service="registry",
            nats_url=nats_cluster["nats-1"].url(),
            nats_user="admin",
            nats_password=password_of("admin"),
            stream_replicas=3,
        )
        assert await provision(admin_settings) == list(STREAM_NAMES)
        for node in nats_cluster.values():
            _, jsz = node.monitor("/jsz")
            assert jsz["config"]["sync_always"] is True  # type: ignore[index]
        registry = await connect(nats_cluster, "registry")
        admin = await connect(nats_cluster, "admin")
        try:
            info = await admin.jetstream().stream_info(STREAM)
            assert info.config.num_replicas == 3
            assert info.cluster is not None
            assert info.cluster.leader in nats_cluster

            js = registry.jetstream(timeout=2)
            acked = await publish_acked(js, range(PER_PHASE))
            victim = nats_cluster[info.cluster.leader]
            victim.kill()
            acked |= await publish_acked(js, range(PER_PHASE, 2 * PER_PHASE))

            survivors_view = await stream_contents(admin.jetstream(timeout=5))
            assert survivors_view == acked
            after = await admin.jetstream(timeout=5).stream_info(STREAM)
            assert after.cluster is not None
            assert after.cluster.leader != victim.name

            victim.start()
            victim.wait_healthy()
            deadline = time.monotonic() + PHASE_DEADLINE_S
            while stored_on(victim) != len(acked):
                assert time.monotonic() < deadline, f"{victim.name} did not catch up"
                await asyncio.sleep(0.2)
        finally:
            await registry.close()
            await admin.close()

    asyncio.run(scenario())


def test_a_node_without_quorum_reports_unhealthy(nats_cluster: dict[str, NatsNode]) -> None:
    """The premise of the KpdNatsNoQuorum alert: /healthz leaves ok once 2 of 3 are gone."""
    survivor, *others = nats_cluster.values()
    for node in others:
        node.kill()
    deadline = time.monotonic() + PHASE_DEADLINE_S
    while survivor.monitor("/healthz")[1].get("status") == "ok":
        assert time.monotonic() < deadline, "a lone node still reports healthy"
        time.sleep(0.2)
    others[0].start()
    others[0].wait_healthy()
