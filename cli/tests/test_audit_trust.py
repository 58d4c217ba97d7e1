"""The auditor's trust, outside the stores: issue 21's three rewrites of the embedded stores.

(a) every checkpoint deleted in every store and one event re-chained; (b) checkpoints
signed with a key not pinned for their service; (c) the key files beside the stores
deleted, so that only keys carried inside the checkpoints remain. Each used to pass
``kpd audit verify`` with exit 0; each now fails, or cannot pass without pinned keys.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from kpd.cli import main

from .test_audit_cli import SERVICES, rewrite_with_recomputed_chains
from .test_audit_toys import ToySuite, build_toy_suite


@pytest.fixture
def suite(tmp_path: Path) -> ToySuite:
    return build_toy_suite(tmp_path / "var")


def verify(suite: ToySuite, *extra: str) -> int:
    return main(["audit", "verify", "--var-dir", str(suite.var_dir), *SERVICES, *extra])


def pin(suite: ToySuite) -> int:
    return main(["audit", "trust", "--var-dir", str(suite.var_dir), *SERVICES, "--from-stores"])


def test_nothing_pinned_is_refused_although_keys_lie_beside_the_stores(
    suite: ToySuite, capsys: pytest.CaptureFixture[str]
) -> None:
    assert suite.key_path.is_file()
    assert verify(suite) == 2
    assert "kpd audit trust" in capsys.readouterr().err


def test_pinned_keys_still_verify_when_the_key_files_are_gone(
    suite: ToySuite, own_trust_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pin(suite) == 0
    pinned = json.loads(own_trust_file.read_text())["keys"]
    assert pinned == {s: [suite.key_id] for s in ("issues", "registry", "scheduling")}
    shutil.rmtree(suite.var_dir / "keys")  # (c): nothing beside the stores any more
    capsys.readouterr()
    assert verify(suite) == 0
    assert capsys.readouterr().out.count("通过 ok") == 3


def test_every_checkpoint_deleted_and_one_event_rechained_fails(
    suite: ToySuite, capsys: pytest.CaptureFixture[str]
) -> None:
    assert pin(suite) == 0
    for service in ("registry", "issues", "scheduling"):
        with sqlite3.connect(suite.store(service)) as conn:
            conn.execute("DELETE FROM stored_events WHERE topic LIKE '%Checkpoint%'")
    rewrite_with_recomputed_chains(suite.store("registry"))  # (a)
    capsys.readouterr()
    # The toys' events are seconds old; a real rewrite's are older than any interval.
    assert verify(suite, "--max-unsigned-age", "1e9") == 0, "young enough to be unsigned yet"
    capsys.readouterr()
    assert verify(suite, "--max-unsigned-age", "0") == 1
    out = capsys.readouterr().out
    assert out.count("covered by no checkpoint") >= 3
    assert "通过 ok" not in out


def test_a_checkpoint_signed_with_a_key_pinned_for_another_service_fails(
    suite: ToySuite, own_trust_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # (b) the registry's key is pinned for the registry only: the issues service's
    # checkpoints, signed with it, prove nothing about the issues service's log.
    own_trust_file.parent.mkdir(parents=True)
    keys = {"registry": [suite.key_id], "issues": ["0" * 16], "scheduling": [suite.key_id]}
    own_trust_file.write_text(json.dumps({"version": 1, "keys": keys}))
    assert verify(suite, "--json") == 1
    reports = {r["service"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert "not trusted" in reports["issues"]["first_bad"]["reason"]
    # The copies the issues store holds are countersigned with that same unpinned key:
    # they vouch for nothing, and they are the only fault in the others' reports.
    for service in ("registry", "scheduling"):
        problems = reports[service]["problems"]
        assert problems
        assert all("not countersigned by issues" in p for p in problems), problems
