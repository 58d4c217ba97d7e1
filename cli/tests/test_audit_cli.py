"""``kpd audit verify`` on real SQLite stores: clean, a changed byte, a deleted row, a rewrite."""

from __future__ import annotations

import json
import sqlite3
import uuid
from pathlib import Path

import pytest

from kpd.cli import main
from servicekit.audit.chain import GENESIS, canonical_event, seal, split_state

from .test_audit_toys import ToySuite, build_toy_suite

SERVICES = ["--service", "registry", "--service", "issues", "--service", "scheduling"]


@pytest.fixture
def suite(tmp_path: Path) -> ToySuite:
    return build_toy_suite(tmp_path / "var")


def verify(suite: ToySuite, *extra: str) -> list[str]:
    """As an auditor who pinned the toys' key, unless the test names its own trust."""
    named = {"--trusted-key-id", "--trusted-key", "--trust-file"} & set(extra)
    trust = [] if named else ["--trusted-key-id", suite.key_id]
    return ["audit", "verify", "--var-dir", str(suite.var_dir), *SERVICES, *trust, *extra]


def rows(db: Path) -> list[tuple[int, str, bytes]]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT rowid, topic, state FROM stored_events ORDER BY 1").fetchall()


def test_a_clean_history_passes(suite: ToySuite, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(verify(suite)) == 0
    out = capsys.readouterr().out
    assert out.count("通过 ok") == 3
    assert "无检查点" not in out


def test_one_changed_byte_fails_and_names_the_event(
    suite: ToySuite, capsys: pytest.CaptureFixture[str]
) -> None:
    db = suite.store("issues")
    position, _, state = next(r for r in rows(db) if "Issue.Raised" in r[1])
    tampered = state.replace("滞后".encode(), "完成".encode(), 1)
    assert tampered != state
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE stored_events SET state=? WHERE rowid=?", (tampered, position))
    assert main(verify(suite, "--json")) == 1
    reports = {r["service"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert reports["registry"]["ok"]
    assert reports["scheduling"]["ok"]
    bad = reports["issues"]["first_bad"]
    assert bad["position"] == position
    assert "altered" in bad["reason"]
    assert uuid.UUID(bad["originator_id"])


def test_a_deleted_row_fails(suite: ToySuite, capsys: pytest.CaptureFixture[str]) -> None:
    db = suite.store("registry")
    position = next(r[0] for r in rows(db) if "Project.Registered" in r[1])
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM stored_events WHERE rowid=?", (position,))
    assert main(verify(suite)) == 1
    out = capsys.readouterr().out
    assert "registry" in out
    assert "失败 FAILED" in out
    assert "missing" in out


def rewrite_with_recomputed_chains(db: Path) -> None:
    """The attacker's best: alter content, recompute every chain, drop own checkpoints."""
    heads: dict[str, str] = {}
    with sqlite3.connect(db) as conn:
        stored = conn.execute(
            "SELECT rowid, originator_id, originator_version, topic, state "
            "FROM stored_events ORDER BY 1"
        ).fetchall()
        for position, stored_id, version, topic, raw in stored:
            originator = str(uuid.UUID(stored_id))
            state, _ = split_state(raw)
            if topic.endswith("Checkpoint.Signed"):
                conn.execute("DELETE FROM stored_events WHERE rowid=?", (position,))
                continue
            if "name" in state:
                state["name"] = "另一座桥"
            new = seal(
                heads.get(originator, GENESIS), canonical_event(originator, version, topic, state)
            )
            heads[originator] = new.hash
            state["__chain__"] = {"prev": new.prev, "hash": new.hash}
            conn.execute(
                "UPDATE stored_events SET state=? WHERE rowid=?",
                (json.dumps(state, ensure_ascii=False).encode(), position),
            )
        # Close the gaps the deleted checkpoints left (a gap alone would be noticed).
        remaining = [row[0] for row in conn.execute("SELECT rowid FROM stored_events ORDER BY 1")]
        for new_position, old_position in enumerate(remaining, start=1):
            conn.execute(
                "UPDATE stored_events SET rowid=? WHERE rowid=?", (new_position, old_position)
            )


def test_a_store_rewritten_with_recomputed_chains_fails_on_witnessed_checkpoints(
    suite: ToySuite, capsys: pytest.CaptureFixture[str]
) -> None:
    rewrite_with_recomputed_chains(suite.store("registry"))
    alone = [
        "audit", "verify", "--var-dir", str(suite.var_dir), "--service", "registry",
        "--trusted-key-id", suite.key_id,
    ]  # fmt: skip
    assert main(alone) == 0, "without witnesses a consistent rewrite passes"
    capsys.readouterr()
    assert main(verify(suite)) == 1
    out = capsys.readouterr().out
    assert "checkpoint root mismatch" in out or "log shrank" in out
    assert "witness issues" in out or "witness scheduling" in out


def test_an_untrusted_checkpoint_key_fails(
    suite: ToySuite, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(verify(suite, "--trusted-key-id", "0" * 16)) == 1
    assert "not trusted" in capsys.readouterr().out
    assert main(verify(suite, "--trusted-key-id", suite.key_id)) == 0


def test_a_missing_store_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    empty = str(tmp_path / "empty")
    missing = ["audit", "verify", "--var-dir", empty, "--trusted-key-id", "0" * 16]
    assert main(missing) == 2
    assert "事件库不存在" in capsys.readouterr().err
    assert not (tmp_path / "empty" / "registry-events.sqlite").exists()
