"""Checkpoints witnessed on real processes: each service keeps and countersigns the
others' checkpoints, and ``kpd audit verify`` trusts a copy only under its holder's key.

On SQLite and on PostgreSQL, with a real nats-server: the JetStream cross-check runs
by default against the services' own ``KPD_NATS_URL``.
"""

from __future__ import annotations

import json

import pytest

from contracts.audit import RegistryCheckpointSigned
from kpd.audit.stores import opened_stores
from kpd.audit.verify import key_id_from_pem
from kpd.cli import main
from servicekit.audit.checkpoint import countersignature_valid, signature_valid
from servicekit.audit.verify import checkpoints_in
from servicekit.core.settings import ServiceSettings
from tests.support import Suite, wait_for

SERVICES = ("registry", "issues")


@pytest.fixture
def witnessed_suite(suite: Suite, monkeypatch: pytest.MonkeyPatch) -> Suite:
    """Registry and issues signing every second, one project registered, then stopped."""
    for name in SERVICES:
        suite.service(name).env["KPD_CHECKPOINT_INTERVAL_S"] = "1"
        suite.start(name)
    suite.register_project()
    wait_for(
        lambda: any(
            e.type == RegistryCheckpointSigned.type_name()
            for e in suite.cloud_events("KPD_REGISTRY")
        ),
        timeout=30,
    )
    wait_for(lambda: kept_by_issues(suite) > 0, timeout=30)
    suite.stop_all()
    for name, value in suite.env().items():
        monkeypatch.setenv(name, value)
    return suite


def kept_by_issues(suite: Suite) -> int:
    with opened_stores(["issues"], suite.var_dir, suite.database_url or None) as recorders:
        return len(checkpoints_in(recorders["issues"], "issues", kept=True))


def key_id(suite: Suite, service: str) -> str:
    settings = ServiceSettings.model_validate(
        {"service": service, "var_dir": suite.var_dir, "database_url": suite.database_url}
    )
    return key_id_from_pem(settings.checkpoint_key_path)


def verify(suite: Suite, keys: dict[str, list[str]]) -> int:
    trust = suite.root / "auditor" / "trusted-keys.json"
    trust.parent.mkdir(exist_ok=True)
    trust.write_text(json.dumps({"version": 1, "keys": keys}))
    command = ["audit", "verify", "--var-dir", str(suite.var_dir), "--trust-file", str(trust)]
    if suite.database_url:
        command += ["--database-url", suite.database_url]
    for name in SERVICES:
        command += ["--service", name]
    return main([*command, "--json"])


def test_the_issues_service_countersigns_the_registry_checkpoints_it_keeps(
    witnessed_suite: Suite,
) -> None:
    issues_key = key_id(witnessed_suite, "issues")
    with opened_stores(
        ["issues"], witnessed_suite.var_dir, witnessed_suite.database_url or None
    ) as recorders:
        copies = checkpoints_in(recorders["issues"], "issues", kept=True)
    registry_copies = [c for c in copies if c.service == "registry"]
    assert registry_copies
    for copy in registry_copies:
        assert signature_valid(copy, {key_id(witnessed_suite, "registry")})
        assert copy.witness == "issues"
        assert copy.witness_key_id == issues_key
        assert countersignature_valid(copy, {issues_key})


def test_verify_passes_with_both_keys_pinned_and_the_streams_cross_checked(
    witnessed_suite: Suite, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = {name: [key_id(witnessed_suite, name)] for name in SERVICES}
    assert verify(witnessed_suite, keys) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    reports = {line["service"]: line for line in lines if "ok" in line}
    streams = {line["service"]: line for line in lines if "stream_ok" in line}
    assert all(reports[name]["ok"] for name in SERVICES), reports
    assert reports["registry"]["checkpoints_checked"] >= 2  # its own and the issues' copies
    assert set(streams) == set(SERVICES), "the JetStream cross-check ran by default"
    assert all(stream["stream_ok"] for stream in streams.values()), streams


def test_copies_countersigned_by_a_key_not_pinned_for_their_holder_fail(
    witnessed_suite: Suite, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = {"registry": [key_id(witnessed_suite, "registry")], "issues": ["0" * 16]}
    assert verify(witnessed_suite, keys) == 1
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    registry = next(line for line in lines if line["service"] == "registry" and "ok" in line)
    assert not registry["ok"]
    assert all("not countersigned by issues" in p for p in registry["problems"])
