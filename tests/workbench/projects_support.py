"""Helpers shared by the 项目库 tests: projects made through the API, the library's rows."""

from __future__ import annotations

import re
import time
import uuid

import httpx

from tests.workbench_support import WorkbenchStack


def unique() -> str:
    """A short random mark that makes this test's names its own on the shared stack."""
    return uuid.uuid4().hex[:8]


def register(stack: WorkbenchStack, name: str, county: str = "yaodu", **overrides: str) -> str:
    return stack.register_project(
        name=name, county=county, project_unit=f"unit-{county}-001", **overrides
    )


def rows(html: str) -> list[str]:
    """The project ids of the library table's rows, in order."""
    return re.findall(r'<tr data-project="([^"]+)"', html)


def project_count(html: str) -> int:
    """The 共 N 个项目 the library page says it found."""
    found = re.search(r"共 (\d+) 个项目", html)
    assert found, "no project count on the page"
    return int(found.group(1))


def library_when(
    client: httpx.Client, params: dict[str, str], expected: int, timeout: float = 20.0
) -> str:
    """The library page once the registry's read model counts ``expected`` matching projects."""
    deadline = time.monotonic() + timeout
    while True:
        answer = client.get("/projects", params=params)
        assert answer.status_code == 200, answer.text
        if project_count(answer.text) >= expected or time.monotonic() > deadline:
            return answer.text
        time.sleep(0.3)
