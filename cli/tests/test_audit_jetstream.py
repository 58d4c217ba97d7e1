"""``kpd audit verify --from-jetstream``: the stores' logs against the producers' streams."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import nats
import pytest

from contracts.base import EventData
from contracts.envelope import CloudEvent
from contracts.subjects import STREAMS
from kpd.audit.crosscheck import cross_check, stored_entries
from kpd.audit.jetstream import StreamContents, StreamMessage
from kpd.audit.stores import open_store
from kpd.cli import main
from servicekit.audit.verify import iter_log
from servicekit.dev.natsserver import NatsServerProcess, free_port
from servicekit.dev.testing import local_settings
from servicekit.messaging.bus import ensure_streams
from servicekit.messaging.translation import to_cloud_event
from servicekit.runtime.audit_wiring import with_checkpoints

from .test_audit_toys import APPS, KnownProject, ToySuite, build_toy_suite


def toy_payload(producer_name: str) -> type[EventData]:
    class ToyChanged(EventData):
        producer = producer_name
        event_name = "ToyChanged"
        summary: str

    return ToyChanged


PAYLOADS = {service: toy_payload(service) for service in APPS}


def toy_translator(service: str) -> Callable[[Any], EventData | None]:
    """The toy services' translators: the issues service keeps its project copy internal."""

    def translate(domain_event: Any) -> EventData | None:
        if isinstance(domain_event, KnownProject.Learned):
            return None
        return PAYLOADS[service].model_validate({"summary": type(domain_event).__qualname__})

    return translate


translate_registry = toy_translator("registry")
translate_issues = toy_translator("issues")
translate_scheduling = toy_translator("scheduling")


def cloud_events(suite: ToySuite, service: str) -> list[CloudEvent]:
    """What the relay would publish for a toy service (internal events left out)."""
    translate = toy_translator(service)
    app = open_store(local_settings(service, suite.var_dir), APPS[service])
    try:
        translated = (
            to_cloud_event(n, app.mapper, with_checkpoints(service, translate))
            for n in iter_log(app.recorder)
        )
        return [event for event in translated if event is not None]
    finally:
        app.close()


async def publish(suite: ToySuite, url: str, skip_issue_raised: bool) -> None:
    nc = await nats.connect(url)
    js = nc.jetstream()
    await ensure_streams(js, local_settings("registry", suite.var_dir, nats_url=url))
    for service in APPS:
        for event in cloud_events(suite, service):
            if skip_issue_raised and event.data.get("summary") == "Issue.Raised":
                continue
            headers = {"Nats-Msg-Id": event.id}
            await js.publish(
                event.type,
                event.model_dump_json().encode(),
                headers=headers,
                stream=STREAMS[service],
            )
    await nc.close()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[NatsServerProcess]:
    with NatsServerProcess(tmp_path / "nats") as process:
        yield process


def verify_against(suite: ToySuite, url: str) -> list[str]:
    """The CLI, told the toy services' translators and classes (the real ones are default)."""
    options = []
    for service, app_class in APPS.items():
        options += ["--service", service]
        options += ["--translator", f"{service}={__name__}:translate_{service}"]
        options += ["--application", f"{service}={app_class.__module__}:{app_class.__name__}"]
    options += ["--trusted-key-id", suite.key_id]
    return ["audit", "verify", "--var-dir", str(suite.var_dir), *options, "--from-jetstream", url]


@pytest.mark.nats
def test_streams_that_match_the_stores_pass(
    tmp_path: Path, server: NatsServerProcess, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = build_toy_suite(tmp_path / "var")
    asyncio.run(publish(suite, server.url, skip_issue_raised=False))
    assert main(verify_against(suite, server.url)) == 0
    out = capsys.readouterr().out
    assert out.count("一致 ok") == 3


@pytest.mark.nats
def test_a_message_missing_from_the_stream_is_reported(
    tmp_path: Path, server: NatsServerProcess, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = build_toy_suite(tmp_path / "var")
    asyncio.run(publish(suite, server.url, skip_issue_raised=True))
    assert main(verify_against(suite, server.url)) == 1
    out = capsys.readouterr().out
    assert "不一致 FAILED 位置 position 2: missing from the stream" in out  # issues' 2nd event


def test_a_different_chain_hash_or_order_on_the_stream_is_reported(tmp_path: Path) -> None:
    suite = build_toy_suite(tmp_path / "var")
    events = cloud_events(suite, "registry")
    forged = events[1].model_copy(update={"chainhash": "f" * 64})
    swapped = [events[0], events[2], forged, *events[3:]]
    contents = StreamContents(
        "registry",
        "KPD_REGISTRY",
        exists=True,
        messages=[
            StreamMessage(i + 1, e.model_dump_json().encode()) for i, e in enumerate(swapped)
        ],
    )
    app = open_store(local_settings("registry", suite.var_dir), APPS["registry"])
    try:
        report = cross_check(contents, stored_entries(app.recorder))
    finally:
        app.close()
    reasons = [reason for _, reason in report.problems]
    assert any(r.startswith("chainhash differs") for r in reasons)
    assert any(r.startswith("out of order") for r in reasons)
    assert report.first_bad() is not None
    assert report.first_bad()[0] == events[1].sequence  # type: ignore[index]


def test_every_real_service_has_a_translator_the_auditor_can_use(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """The defaults, not the toys': before, the issues service's was always 'unavailable'
    (its translator needs its store), so its stream was only inferred."""
    from contracts.subjects import PRODUCERS
    from kpd.audit.published import predicates

    found = predicates(list(PRODUCERS), {}, {})
    assert all(found[service] is not None for service in PRODUCERS), found
    assert "转换器不可用" not in capsys.readouterr().err


def test_the_nats_password_never_comes_from_the_command_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import argparse
    import io

    from kpd.audit.jetstream_report import nats_password
    from kpd.cli import build_parser

    with pytest.raises(SystemExit):
        build_parser().parse_args(["audit", "verify", "--nats-password", "s3cret"])
    monkeypatch.setenv("KPD_NATS_PASSWORD", "from-env")
    assert nats_password(argparse.Namespace(nats_password_stdin=False)) == "from-env"
    monkeypatch.setattr("sys.stdin", io.StringIO("from-stdin\n"))
    assert nats_password(argparse.Namespace(nats_password_stdin=True)) == "from-stdin"


def toy_options(suite: ToySuite) -> list[str]:
    return verify_against(suite, "unused")[:-2]  # without --from-jetstream


@pytest.mark.nats
def test_the_services_jetstream_is_cross_checked_by_default(
    tmp_path: Path,
    server: NatsServerProcess,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    suite = build_toy_suite(tmp_path / "var")
    asyncio.run(publish(suite, server.url, skip_issue_raised=True))
    monkeypatch.setenv("KPD_NATS_URL", server.url)  # where the services publish
    assert main(toy_options(suite)) == 1
    out = capsys.readouterr().out
    assert "不一致 FAILED 位置 position 2: missing from the stream" in out
    assert main([*toy_options(suite), "--no-jetstream"]) == 0
    captured = capsys.readouterr()
    assert "流 stream" not in captured.out
    assert "JetStream" not in captured.err


def test_an_unreachable_default_jetstream_is_a_warning_a_named_one_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    suite = build_toy_suite(tmp_path / "var")
    assert main(toy_options(suite)) == 0  # KPD_NATS_URL: a closed port (conftest)
    captured = capsys.readouterr()
    assert "未与 JetStream 交叉核对" in captured.err
    assert "流 stream" not in captured.out
    closed = f"nats://127.0.0.1:{free_port()}"
    assert main([*toy_options(suite), "--from-jetstream", closed]) == 2
    assert "无法连接 NATS" in capsys.readouterr().err
