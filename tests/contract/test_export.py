"""Committed JSON Schemas and the AsyncAPI document follow the catalog; they change by version."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest

from contracts.base import EventData
from contracts.catalog import CATALOG
from contracts.envelope import dataschema_for
from contracts.export import (
    ASYNCAPI_FILE,
    ENVELOPE_FILE,
    check_against_baseline,
    check_artefacts,
    default_root,
    main,
    schema_file,
    write_artefacts,
)
from contracts.subjects import subject_for

BUMP = "contract changed without a version bump"


class SampleRaised(EventData):
    """Test-only event, version 1."""

    producer = "issues"
    event_name = "SampleRaised"
    title: str


class SampleRaisedWidened(EventData):
    """Same name and version as SampleRaised, one field more: a contract change."""

    producer = "issues"
    event_name = "SampleRaised"
    title: str
    urgent: bool


class SampleRaisedV2(SampleRaisedWidened):
    """The widened shape published properly, as version 2."""

    version = 2


def catalog_of(*models: type[EventData]) -> dict[str, type[EventData]]:
    return {subject_for(model): model for model in models}


def messages(findings: list[Any]) -> str:
    return "\n".join(finding.message for finding in findings)


def test_written_tree_passes_check(tmp_path: Path) -> None:
    written = write_artefacts(tmp_path)
    assert check_artefacts(tmp_path) == []
    assert {schema_file(model) for model in CATALOG.values()} <= set(written)
    assert write_artefacts(tmp_path) == []  # regeneration is byte-for-byte stable


def test_each_schema_is_identified_by_the_envelope_dataschema(tmp_path: Path) -> None:
    write_artefacts(tmp_path)
    for model in CATALOG.values():
        schema = json.loads((tmp_path / schema_file(model)).read_text(encoding="utf-8"))
        assert schema["$id"] == dataschema_for(model)
        assert set(schema["properties"]) == set(model.model_fields)
    envelope = json.loads((tmp_path / ENVELOPE_FILE).read_text(encoding="utf-8"))
    assert {"specversion", "type", "dataschema", "data"} <= set(envelope["properties"])


def test_tampered_schema_fails_with_bump_message(tmp_path: Path) -> None:
    write_artefacts(tmp_path)
    model = next(iter(CATALOG.values()))
    target = tmp_path / schema_file(model)
    target.write_text(target.read_text(encoding="utf-8").replace('"object"', '"array"'))
    [finding] = check_artefacts(tmp_path)
    expected = f"add {model.event_name}.v{model.version + 1} with an upcaster instead"
    assert finding.message == f"{BUMP}: {schema_file(model)}; {expected}"
    assert '-  "type": "array"' in finding.diff
    assert '+  "type": "object"' in finding.diff


def test_model_changed_without_bump_fails_until_published_as_new_version(tmp_path: Path) -> None:
    write_artefacts(tmp_path, catalog_of(SampleRaised))
    assert check_artefacts(tmp_path, catalog_of(SampleRaised)) == []
    changed = check_artefacts(tmp_path, catalog_of(SampleRaisedWidened))
    assert "add SampleRaised.v2 with an upcaster instead" in messages(changed)
    bumped = catalog_of(SampleRaised, SampleRaisedV2)
    missing, stale = check_artefacts(tmp_path, bumped)
    assert missing.path == "schemas/issues/SampleRaised.v2.json"
    assert missing.message == "new event schema not generated: run python -m contracts.export"
    assert stale.path == ASYNCAPI_FILE
    write_artefacts(tmp_path, bumped)
    assert check_artefacts(tmp_path, bumped) == []


def test_deleted_schema_fails(tmp_path: Path) -> None:
    write_artefacts(tmp_path)
    model = next(iter(CATALOG.values()))
    (tmp_path / schema_file(model)).unlink()
    [finding] = check_artefacts(tmp_path)
    assert finding.path == schema_file(model)
    assert "new event schema not generated" in finding.message


def test_schema_without_catalog_entry_fails(tmp_path: Path) -> None:
    write_artefacts(tmp_path, catalog_of(SampleRaised, SampleRaisedV2))
    findings = check_artefacts(tmp_path, catalog_of(SampleRaisedV2))
    assert [f.path for f in findings if "no catalog entry" in f.message] == [
        "schemas/issues/SampleRaised.v1.json"
    ]
    (tmp_path / "schemas/issues/Ghost.v1.json").write_text("{}\n")
    assert "schemas/issues/Ghost.v1.json" in {f.path for f in check_artefacts(tmp_path)}


def test_stale_asyncapi_fails(tmp_path: Path) -> None:
    write_artefacts(tmp_path, catalog_of(SampleRaised))
    findings = check_artefacts(tmp_path, catalog_of(SampleRaised, SampleRaisedV2))
    stale = [f for f in findings if f.path == ASYNCAPI_FILE]
    assert stale[0].message == "asyncapi.json is out of date: run python -m contracts.export"
    assert "SampleRaised.v2" in stale[0].diff


def test_asyncapi_has_one_channel_per_catalog_entry(tmp_path: Path) -> None:
    write_artefacts(tmp_path)
    document = json.loads((tmp_path / ASYNCAPI_FILE).read_text(encoding="utf-8"))
    assert document["asyncapi"] == "3.0.0"
    assert document["info"]["version"] == version("kpd-contracts")
    assert document["servers"]["embedded"] == {
        "host": "127.0.0.1:14222",
        "protocol": "nats",
        "description": document["servers"]["embedded"]["description"],
    }
    channels = document["channels"]
    assert len(channels) == len(CATALOG)
    assert {channel["address"] for channel in channels.values()} == set(CATALOG)
    for operation in document["operations"].values():
        assert operation["action"] == "send"
        channel_id = operation["channel"]["$ref"].removeprefix("#/channels/")
        assert channels[channel_id]["address"] == channel_id
    for message in document["components"]["messages"].values():
        narrowed = message["payload"]["schema"]["allOf"][1]["properties"]
        model = CATALOG[narrowed["type"]["const"]]
        assert narrowed["data"]["$ref"] == f"./{schema_file(model)}"
        assert (tmp_path / narrowed["data"]["$ref"]).is_file()


def test_cli_writes_by_default_and_check_sets_exit_status(tmp_path: Path) -> None:
    assert main(["--root", str(tmp_path)]) == 0
    assert main(["check", "--root", str(tmp_path)]) == 0
    (tmp_path / ENVELOPE_FILE).write_text("{}\n")
    assert main(["check", "--root", str(tmp_path)]) == 1


def test_module_entry_point_reports_drift(tmp_path: Path) -> None:
    command = [sys.executable, "-m", "contracts.export", "check", "--root", str(tmp_path)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "new event schema not generated" in result.stderr


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_baseline_catches_a_regenerated_change(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
        subprocess.run(["git", *identity, *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    write_artefacts(tmp_path, catalog_of(SampleRaised))
    git("add", ".")
    git("commit", "-q", "-m", "publish")
    write_artefacts(tmp_path, catalog_of(SampleRaisedWidened))
    assert check_artefacts(tmp_path, catalog_of(SampleRaisedWidened)) == []
    [finding] = check_against_baseline(tmp_path, "HEAD")
    assert finding.message.startswith(f"{BUMP}: schemas/issues/SampleRaised.v1.json")
    git("checkout", "-q", "--", ".")
    assert check_against_baseline(tmp_path, "HEAD") == []


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_baseline_lets_a_reworded_description_pass(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        identity = ["-c", "user.name=t", "-c", "user.email=t@example.invalid"]
        subprocess.run(["git", *identity, *args], cwd=tmp_path, check=True, capture_output=True)

    git("init", "-q")
    write_artefacts(tmp_path, catalog_of(SampleRaised))
    git("add", ".")
    git("commit", "-q", "-m", "publish")
    target = tmp_path / schema_file(SampleRaised)
    schema = json.loads(target.read_text(encoding="utf-8"))
    schema["description"] = "样例已提出 / A sample was raised."
    target.write_text(json.dumps(schema), encoding="utf-8")
    assert check_against_baseline(tmp_path, "HEAD") == []
    # A field that happens to be called "description" is shape, not documentation.
    schema["properties"]["description"] = {"type": "string"}
    target.write_text(json.dumps(schema), encoding="utf-8")
    [finding] = check_against_baseline(tmp_path, "HEAD")
    assert finding.message.startswith(BUMP)


def test_committed_contract_matches_catalog() -> None:
    findings = check_artefacts(default_root())
    assert findings == [], "\n".join(f"{f.message}\n{f.diff}" for f in findings)
