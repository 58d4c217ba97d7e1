"""``kpd user``: accounts made, listed and disabled from the command line, on a real store."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from servicekit.eventstore.environment import build_env
from workbench.directory import UserDirectory
from workbench.settings import WorkbenchSettings


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One migrated directory store for the module (each test uses its own names)."""
    var_dir = tmp_path_factory.mktemp("users")
    subprocess.run(
        [sys.executable, "-m", "servicekit.runtime.migrate", "--service", "workbench"],
        env={**os.environ, "KPD_VAR_DIR": str(var_dir), "KPD_DATABASE_URL": ""},
        check=True,
        capture_output=True,
    )
    return var_dir


def kpd(var_dir: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KPD_VAR_DIR": str(var_dir), "KPD_DATABASE_URL": ""}
    return subprocess.run(
        [sys.executable, "-m", "kpd.cli", "user", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def directory(var_dir: Path) -> UserDirectory:
    return UserDirectory(env=build_env(WorkbenchSettings(var_dir=var_dir, database_url="")))


def test_add_reads_the_password_from_stdin_and_disable_takes_effect(store: Path) -> None:
    added = kpd(
        store,
        "add",
        "liu.yang",
        "--role",
        "county",
        "--unit",
        "yaodu",
        "--password-stdin",
        stdin="county-pass-1\n",
    )
    assert added.returncode == 0, added.stderr
    assert "已开通 liu.yang" in added.stdout
    users = directory(store)
    try:
        assert users.check_password("liu.yang", "county-pass-1") is not None
    finally:
        users.close()
    listed = kpd(store, "list")
    assert "liu.yang\tcounty\tyaodu\t正常" in listed.stdout
    disabled = kpd(store, "disable", "liu.yang", "--reason", "调离")
    assert disabled.returncode == 0, disabled.stderr
    users = directory(store)
    try:
        assert users.check_password("liu.yang", "county-pass-1") is None
    finally:
        users.close()
    assert "停用" in kpd(store, "list").stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["add", "x1", "--role", "county", "--password-stdin"], "需要所属单位"),
        (["add", "x2", "--role", "office", "--password-stdin"], "密码长度"),
        (["disable", "nobody"], "不存在"),
    ],
)
def test_refusals_exit_2_with_a_chinese_reason(store: Path, args: list[str], message: str) -> None:
    result = kpd(store, *args, stdin="short\n")
    assert result.returncode == 2
    assert message in result.stderr


def test_role_outside_the_list_is_refused_by_the_parser(store: Path) -> None:
    result = kpd(store, "add", "x3", "--role", "mayor", "--password-stdin", stdin="long-enough-1\n")
    assert result.returncode == 2
    assert "invalid choice" in result.stderr
