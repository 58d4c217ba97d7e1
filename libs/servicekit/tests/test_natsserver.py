"""The embedded nats-server: lifecycle, faults, and durability of JetStream file storage."""

import asyncio
import socket
from collections.abc import Iterator
from pathlib import Path

import nats
import pytest
from nats.js.api import StorageType

from servicekit.dev.natsserver import (
    NatsServerError,
    NatsServerProcess,
    find_nats_server_binary,
    free_port,
    render_config,
)
from servicekit.dev.processes import thread_states, wait_until_stopped

pytestmark = pytest.mark.nats


@pytest.fixture
def server(tmp_path: Path) -> Iterator[NatsServerProcess]:
    process = NatsServerProcess(tmp_path / "nats")
    process.start()
    yield process
    process.stop()


def port_accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


async def publish_and_consume(url: str) -> None:
    nc = await nats.connect(url)
    js = nc.jetstream()
    await js.add_stream(name="PROBE", subjects=["probe.>"], storage=StorageType.FILE)
    ack = await js.publish("probe.one", b"first", headers={"Nats-Msg-Id": "m-1"})
    assert ack.seq == 1
    subscription = await js.pull_subscribe("probe.>", durable="reader")
    [msg] = await subscription.fetch(1, timeout=5)
    assert msg.data == b"first"
    await msg.ack_sync()
    await nc.close()


async def read_after_restart(url: str) -> tuple[bytes, int, bool]:
    nc = await nats.connect(url)
    js = nc.jetstream()
    stored = await js.get_msg("PROBE", 1)
    info = await js.stream_info("PROBE")
    # The duplicate window is rebuilt from disk: the same Nats-Msg-Id is dropped.
    repeat = await js.publish("probe.one", b"first", headers={"Nats-Msg-Id": "m-1"})
    await nc.close()
    return stored.data or b"", info.state.messages, repeat.duplicate is True


def test_message_survives_kill_and_restart(server: NatsServerProcess) -> None:
    asyncio.run(publish_and_consume(server.url))
    old_pid = server.pid
    port = server.port

    server.kill()
    assert not server.is_running()
    assert server.pid is None
    server.restart()

    assert server.port == port
    assert server.pid is not None
    assert server.pid != old_pid
    data, count, was_duplicate = asyncio.run(read_after_restart(server.url))
    assert data == b"first"
    assert count == 1
    assert was_duplicate


def test_stop_ends_the_process_and_frees_the_port(server: NatsServerProcess) -> None:
    port = server.port
    assert port_accepts(port)
    server.stop()
    assert not server.is_running()
    assert not port_accepts(port)
    server.stop()  # a second stop is harmless


def server_greets(port: int, within_s: float = 5.0) -> bool:
    """A live NATS server sends its INFO line as soon as a client connects.

    Generous by default: on a loaded machine a just-resumed server can take more
    than a second to be scheduled (seen in CI); silence is asked with a short wait.
    """
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=within_s) as sock:
            return sock.makefile("rb").readline().startswith(b"INFO ")
    except OSError:
        return False


def test_pause_makes_the_server_silent_until_resume(server: NatsServerProcess) -> None:
    assert server_greets(server.port)
    server.pause()
    assert not server_greets(server.port, within_s=1.0)
    server.resume()
    assert server_greets(server.port)


def test_stop_works_on_a_paused_server(server: NatsServerProcess) -> None:
    server.pause()
    server.stop(timeout=5)
    assert not server.is_running()


def test_monitoring_port_and_context_manager(tmp_path: Path) -> None:
    http_port = free_port()
    with NatsServerProcess(tmp_path / "nats", http_port=http_port) as process:
        assert process.is_running()
        assert port_accepts(http_port)
    assert not process.is_running()
    assert not port_accepts(http_port)


def test_start_fails_loudly_when_the_port_is_taken(
    server: NatsServerProcess, tmp_path: Path
) -> None:
    clash = NatsServerProcess(tmp_path / "other", port=server.port)
    with pytest.raises(NatsServerError, match="已被占用"):
        clash.start(timeout=5)
    assert not clash.is_running()


def test_config_fsyncs_every_write(tmp_path: Path) -> None:
    text = render_config(port=14222, store_dir=tmp_path, server_name="kpd-x", http_port=18222)
    assert "sync_interval: always" in text
    assert "port: 14222" in text
    assert '"127.0.0.1:18222"' in text
    assert f'store_dir: "{tmp_path}"' in text


def test_binary_comes_from_the_package() -> None:
    assert Path(find_nats_server_binary()).name == "nats-server"


def test_free_port_is_bindable() -> None:
    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


def test_start_reports_the_log_when_the_server_exits(tmp_path: Path) -> None:
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        taken_http_port = blocker.getsockname()[1]
        process = NatsServerProcess(tmp_path / "nats", http_port=taken_http_port)
        with pytest.raises(NatsServerError, match="启动即退出"):
            process.start(timeout=10)
    assert not process.is_running()


def test_pause_returns_only_once_every_thread_is_stopped(server: NatsServerProcess) -> None:
    assert server.pid is not None
    assert "T" not in thread_states(server.pid)
    server.pause()
    states = thread_states(server.pid)
    assert states
    assert set(states) <= {"T", "t"}, states
    server.resume()
    assert wait_until_stopped(server.pid, timeout=0.2) is False
