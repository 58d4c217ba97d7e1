"""deploy/nats/auth.conf on a real nats-server: each service user can do its job and no more.

The admin provisions the streams (deploy/nats/provision_streams.py); a service user
then starts as a service does (stream info for every stream), publishes its own
events and dead letters, and drives its own durable consumer with acks — but is
refused another service's subjects, another service's consumer, a core
subscription to events, and deleting or purging a stream.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

import nats
import pytest
from nats.aio.client import Client
from nats.js.api import AckPolicy, ConsumerConfig, DeliverPolicy

from contracts.subjects import PRODUCERS, STREAMS
from deploy.nats.auth_conf import AUTH_CONF, render
from deploy.nats.provision_streams import STREAM_NAMES, provision
from servicekit.core.settings import ServiceSettings
from servicekit.messaging.bus import ensure_streams
from tests.deploy.natsnodes import NatsNode, password_of

pytestmark = pytest.mark.nats
DENIED_TIMEOUT_S = 1.0


def settings_for(node: NatsNode, user: str) -> ServiceSettings:
    return ServiceSettings(
        service="registry" if user == "admin" else user,
        nats_url=node.url(),
        nats_user=user,
        nats_password=password_of(user),
    )


async def connect_as(node: NatsNode, user: str, errors: list[str] | None = None) -> Client:
    async def on_error(exc: Exception) -> None:
        if errors is not None:
            errors.append(str(exc))

    return await nats.connect(
        node.url(), user=user, password=password_of(user), error_cb=on_error, connect_timeout=2
    )


async def refused(action: Callable[[], Awaitable[object]], errors: list[str], what: str) -> None:
    """The action gets no answer and the server reports a permissions violation for it."""
    with pytest.raises((TimeoutError, nats.errors.TimeoutError)):
        await action()
    await asyncio.sleep(0.1)
    assert any(
        "permissions violation" in e and what.lower() in e for e in map(str.lower, errors)
    ), errors


def consumer_config(durable: str, producer: str) -> ConsumerConfig:
    """The shape servicekit.messaging.consumer.ConsumerRunner uses."""
    return ConsumerConfig(
        durable_name=durable,
        ack_policy=AckPolicy.EXPLICIT,
        deliver_policy=DeliverPolicy.ALL,
        filter_subject=f"kpd.{producer}.>",
    )


async def provisioned(node: NatsNode) -> None:
    assert await provision(settings_for(node, "admin")) == list(STREAM_NAMES)


def test_auth_conf_is_the_one_rendered_from_the_contracts() -> None:
    assert AUTH_CONF.read_text(encoding="utf-8") == render(), "run deploy/nats/auth_conf.py"


@pytest.mark.parametrize("service", PRODUCERS)
def test_service_user_publishes_own_events_and_consumes_with_acks(
    secured_nats: NatsNode, service: str
) -> None:
    async def scenario() -> None:
        await provisioned(secured_nats)
        admin = await connect_as(secured_nats, "admin")
        client = await connect_as(secured_nats, service)
        try:
            js = client.jetstream(timeout=3)
            # What a service does at start: stream info for every stream, creating none.
            await ensure_streams(js, settings_for(secured_nats, service))
            ack = await js.publish(
                f"kpd.{service}.SomethingHappened.v1", b"{}", headers={"Nats-Msg-Id": "evt-1"}
            )
            assert ack.stream == STREAMS[service]
            dead = await js.publish(f"kpd.dlq.{service}", b"{}")
            assert dead.stream == "KPD_DLQ"
            # Every other producer's stream: each service keeps the others' checkpoints.
            for producer in PRODUCERS:
                if producer == service:
                    continue
                await admin.jetstream().publish(f"kpd.{producer}.CheckpointSigned.v1", b"{}")
                durable = f"{service}--{producer}"
                sub = await js.pull_subscribe(
                    f"kpd.{producer}.>",
                    durable=durable,
                    stream=STREAMS[producer],
                    config=consumer_config(durable, producer),
                )
                [message] = await sub.fetch(1, timeout=3)
                await message.ack_sync(timeout=3)
                info = await sub.consumer_info()
                assert info.ack_floor is not None
                assert info.ack_floor.stream_seq >= 1
        finally:
            await client.close()
            await admin.close()

    asyncio.run(scenario())


def test_service_user_denied_other_subjects_consumers_and_stream_deletion(
    secured_nats: NatsNode,
) -> None:
    async def scenario() -> None:
        await provisioned(secured_nats)
        errors: list[str] = []
        admin = await connect_as(secured_nats, "admin")
        issues = await connect_as(secured_nats, "issues", errors)
        try:
            js = issues.jetstream(timeout=DENIED_TIMEOUT_S)
            forged = "kpd.registry.ProjectRegistered.v1"
            await refused(lambda: js.publish(forged, b"{}"), errors, forged)
            await refused(lambda: js.delete_stream("KPD_ISSUES"), errors, "STREAM.DELETE")
            await refused(lambda: js.purge_stream("KPD_REGISTRY"), errors, "STREAM.PURGE")
            await refused(
                lambda: js.add_consumer(
                    "KPD_REGISTRY", consumer_config("scheduling--registry", "registry")
                ),
                errors,
                "scheduling--registry",
            )
            # A core subscription would read events past the consumer's ack discipline.
            snoop = await issues.subscribe("kpd.registry.>")
            await admin.jetstream().publish("kpd.registry.ProjectRegistered.v1", b"{}")
            with pytest.raises(nats.errors.TimeoutError):
                await snoop.next_msg(timeout=DENIED_TIMEOUT_S)
            assert any("subscription" in e.lower() and "kpd.registry.>" in e for e in errors)

            admin_js = admin.jetstream()
            for name in STREAM_NAMES:
                await admin_js.stream_info(name)  # all still there
            registry = await admin_js.stream_info("KPD_REGISTRY")
            assert registry.state.messages == 1  # the admin's, not the forged one
        finally:
            await issues.close()
            await admin.close()

    asyncio.run(scenario())


def test_auditor_reads_streams_but_publishes_nothing(secured_nats: NatsNode) -> None:
    async def scenario() -> None:
        await provisioned(secured_nats)
        errors: list[str] = []
        admin = await connect_as(secured_nats, "admin")
        auditor = await connect_as(secured_nats, "auditor", errors)
        try:
            await admin.jetstream().publish("kpd.issues.IssueRaised.v1", b'{"n": 1}')
            js = auditor.jetstream(timeout=DENIED_TIMEOUT_S)
            message = await js.get_msg("KPD_ISSUES", 1)
            assert message.data == b'{"n": 1}'
            # What `kpd audit verify --from-jetstream` does: an ordered consumer.
            ordered = await js.subscribe("kpd.issues.>", stream="KPD_ISSUES", ordered_consumer=True)
            assert (await ordered.next_msg(timeout=3)).data == b'{"n": 1}'
            await ordered.unsubscribe()
            await refused(
                lambda: js.add_consumer(
                    "KPD_REGISTRY", consumer_config("issues--registry", "registry")
                ),
                errors,
                "issues--registry",
            )
            subject = "kpd.issues.IssueClosed.v1"
            await refused(lambda: js.publish(subject, b"{}"), errors, subject)
        finally:
            await auditor.close()
            await admin.close()

    asyncio.run(scenario())
