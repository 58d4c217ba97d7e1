"""The README's quickstart, run as written against a running suite.

The block between the quickstart markers is taken from README.md and run with
bash (errexit, pipefail); only the service addresses are replaced by the test
stack's, and ``uv run`` by the test's own environment. A newcomer who pastes it
gets what this test checks.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.workbench_support import WorkbenchStack

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"<!-- quickstart:begin.*?-->\s*```sh\n(.*?)```\s*<!-- quickstart:end -->", re.S)
# The launcher's ports, as the README names them.
DEFAULT_PORTS = {"registry": 8001, "issues": 8002, "assessment": 8004}


def quickstart_script() -> str:
    found = BLOCK.search(README.read_text(encoding="utf-8"))
    assert found, "README.md has no quickstart block between the markers"
    return found.group(1)


def test_quickstart_block_names_the_launchers_ports() -> None:
    script = quickstart_script()
    for name, port in DEFAULT_PORTS.items():
        assert f"http://127.0.0.1:{port}" in script, name


def test_quickstart_runs_as_written(workbench_stack: WorkbenchStack, tmp_path: Path) -> None:
    if shutil.which("jq") is None:
        if os.environ.get("CI"):
            pytest.fail("CI requires jq for the README quickstart")
        pytest.skip("no jq (apt-get install jq)")
    script = quickstart_script()
    for name, port in DEFAULT_PORTS.items():
        script = script.replace(f"http://127.0.0.1:{port}", workbench_stack.service_url(name))
    # `uv run X` is X in this test's environment (the workspace's .venv is on PATH).
    prelude = 'uv() { [ "$1" = run ] && shift; "$@"; }\n'
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "KPD_JWT_DEV_KEY": str(workbench_stack.suite.key_path),
    }
    run = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", prelude + script],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    out = run.stdout
    assert re.search(r"project [0-9a-f-]{36}", out)
    assert '"last_reported_month": "2026-11"' in out
    assert '"to_level": "department"' in out
    assert '"name": "尧都区"' in out
    assert "saved brief-2026-11.docx" in out
    assert (tmp_path / "brief-2026-11.docx").read_bytes()[:2] == b"PK"
