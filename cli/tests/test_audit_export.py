"""``kpd audit export`` → ``kpd audit verify --bundle``: offline, signed, tamper-evident."""

from __future__ import annotations

import io
import json
import sqlite3
import tarfile
from pathlib import Path

import pytest

from kpd.cli import main

from .test_audit_toys import ToySuite, build_toy_suite

SERVICES = ["--service", "registry", "--service", "issues", "--service", "scheduling"]


@pytest.fixture
def suite(tmp_path: Path) -> ToySuite:
    return build_toy_suite(tmp_path / "var")


def export(suite: ToySuite, out: Path) -> int:
    return main(["audit", "export", "--var-dir", str(suite.var_dir), *SERVICES, "--out", str(out)])


def verify_bundle(bundle: Path, *trust: str) -> int:
    # An external auditor: no stores, only the bundle and the key id they were given.
    return main(["audit", "verify", "--var-dir", "/nonexistent", "--bundle", str(bundle), *trust])


def members(bundle: Path) -> dict[str, bytes]:
    with tarfile.open(bundle, "r:gz") as archive:
        return {m.name: archive.extractfile(m).read() for m in archive.getmembers()}  # type: ignore[union-attr]


def repack(bundle: Path, contents: dict[str, bytes]) -> None:
    with tarfile.open(bundle, "w:gz") as archive:
        for name, data in contents.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))


def test_an_exported_bundle_verifies_offline(
    suite: ToySuite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "audit.tar.gz"
    assert export(suite, bundle) == 0
    contents = members(bundle)
    assert {"manifest.json", "manifest.sig", "keys.json", "logs/issues.jsonl"} <= set(contents)
    manifest = json.loads(contents["manifest.json"])
    assert manifest["services"]["issues"]["events"] == 6
    assert "征地拆迁滞后" in contents["logs/issues.jsonl"].decode()
    capsys.readouterr()
    assert verify_bundle(bundle, "--trusted-key-id", suite.key_id) == 0
    out = capsys.readouterr().out
    assert out.count("通过 ok") == 3
    assert "FAILED" not in out


def test_a_changed_byte_in_a_bundled_log_fails(
    suite: ToySuite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "audit.tar.gz"
    assert export(suite, bundle) == 0
    contents = members(bundle)
    contents["logs/registry.jsonl"] = contents["logs/registry.jsonl"].replace(
        "汾河".encode(), "黄河".encode(), 1
    )
    repack(bundle, contents)
    capsys.readouterr()
    assert verify_bundle(bundle, "--trusted-key-id", suite.key_id) == 1
    out = capsys.readouterr().out
    assert "logs/registry.jsonl: 摘要不符" in out
    assert "altered" in out  # the log itself is verified as well, naming the event


def test_a_bundle_signed_by_an_unknown_key_is_refused(
    suite: ToySuite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "audit.tar.gz"
    other_key = tmp_path / "other.pem"
    args = ["audit", "export", "--var-dir", str(suite.var_dir), *SERVICES]
    assert main([*args, "--out", str(bundle), "--key", str(other_key)]) == 2  # no such key
    from servicekit.core.keys import load_or_create_ed25519_key

    load_or_create_ed25519_key(other_key)
    assert main([*args, "--out", str(bundle), "--key", str(other_key)]) == 0
    capsys.readouterr()
    assert verify_bundle(bundle, "--trusted-key-id", suite.key_id) == 1
    assert "untrusted" in capsys.readouterr().out
    assert (
        verify_bundle(bundle, "--trusted-key", str(other_key), "--trusted-key", str(suite.key_path))
        == 0
    )


def test_a_bundle_of_a_tampered_store_names_the_event(
    suite: ToySuite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = suite.store("scheduling")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE stored_events SET state=replace(state, 'M-3', 'M-4') WHERE rowid=1")
    bundle = tmp_path / "audit.tar.gz"
    assert export(suite, bundle) == 0
    capsys.readouterr()
    assert verify_bundle(bundle, "--trusted-key-id", suite.key_id, "--json") == 1
    lines = [
        json.loads(line) for line in capsys.readouterr().out.splitlines() if line.startswith("{")
    ]
    scheduling = next(r for r in lines if r["service"] == "scheduling")
    assert scheduling["first_bad"]["position"] == 1


def test_a_forged_signature_fails(
    suite: ToySuite, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = tmp_path / "audit.tar.gz"
    assert export(suite, bundle) == 0
    contents = members(bundle)
    manifest = json.loads(contents["manifest.json"])
    manifest["services"]["issues"]["events"] = 5
    contents["manifest.json"] = json.dumps(manifest).encode()
    repack(bundle, contents)
    capsys.readouterr()
    assert verify_bundle(bundle, "--trusted-key-id", suite.key_id) == 1
    assert "签名无效" in capsys.readouterr().out


def test_a_file_that_is_no_bundle_is_a_usage_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    assert verify_bundle(junk, "--trusted-key-id", "0" * 16) == 2
