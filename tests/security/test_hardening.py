"""The probes of issue 21 against a real registry (and issues) process, SQLite and PostgreSQL.

Each was a 500 or an unbounded read before; each is now a 4xx answered at once:
an impossible date in a project or a stage change, a year past any integer, a
100 MB body sent with no token, a chunked body past the limit. The sweep that
stopped for every project answers 200.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support import PROJECT, Suite

MB = 1024 * 1024


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def _zeros(total: int, chunk: int = MB) -> Iterator[bytes]:
    sent = 0
    while sent < total:
        piece = min(chunk, total - sent)
        sent += piece
        yield b"\0" * piece


def _problem(answer: httpx.Response, status: int) -> dict[str, object]:
    assert answer.status_code == status, answer.text[:300]
    assert answer.headers["content-type"].startswith("application/problem+json")
    return dict(answer.json())


def test_impossible_dates_and_years_are_refused_and_the_sweep_goes_on(suite: Suite) -> None:
    registry = suite.start("registry")
    headers = suite.headers()
    projects = registry.url + "/v1/projects"

    bad = httpx.post(projects, json={**PROJECT, "planned_start": "0999-01-01"}, headers=headers)
    problem = _problem(bad, 422)
    assert any("planned_start" in str(e) for e in problem["errors"])  # type: ignore[attr-defined]
    assert "1990-01-01 至 2100-12-31" in bad.text

    made = httpx.post(projects, json=PROJECT, headers=headers)
    assert made.status_code == 201, made.text
    stage = f"{projects}/{made.json()['id']}/stage"
    _problem(httpx.post(stage, json={"stage": "under_construction", "on": "0001-01-01"},
                        headers=headers), 422)  # fmt: skip
    _problem(httpx.get(projects, params={"year": "99999999999999999999"}, headers=headers), 422)
    _problem(httpx.get(projects, params={"year": "2999"}, headers=headers), 422)
    warnings = registry.url + "/v1/warnings"
    _problem(httpx.get(warnings, params={"month": "0999-01"}, headers=headers), 422)
    assert httpx.get(warnings, params={"month": "2026-03"}, headers=headers).status_code == 200

    swept = httpx.post(
        registry.url + "/v1/admin/sweep", json={"as_of": "2026-06-30"}, headers=headers
    )
    assert swept.status_code == 200, swept.text
    assert swept.json()["failed"] == []
    _problem(
        httpx.post(registry.url + "/v1/admin/sweep", json={"as_of": "9999-12-31"}, headers=headers),
        422,
    )


def test_bodies_over_the_limit_are_refused_before_they_are_read(suite: Suite) -> None:
    registry = suite.start("registry")
    assert registry.pid is not None
    url = registry.url + "/v1/projects"
    before = _rss_kib(registry.pid)
    started = time.monotonic()
    for _ in range(3):
        # No token and 100 MB declared: the answer comes before the body is read.
        answer = httpx.post(
            url,
            content=_zeros(100 * MB),
            headers={"Content-Length": str(100 * MB), "Content-Type": "application/json"},
            timeout=30,
        )
        problem = _problem(answer, 413)
        assert problem["limit_bytes"] == MB
    elapsed = time.monotonic() - started
    grown = _rss_kib(registry.pid) - before
    assert grown < 20 * 1024, f"registry grew {grown} KiB reading refused bodies"
    print(f"3 × 100 MB refused in {elapsed:.2f} s; registry RSS +{grown} KiB")

    chunked = httpx.post(url, content=_zeros(5 * MB), headers=suite.headers(), timeout=30)
    _problem(chunked, 413)
    # The registry still answers, and a photo still has its own, larger limit.
    assert httpx.get(url, headers=suite.headers(), timeout=10).status_code == 200
    photo = httpx.post(
        registry.url + "/v1/photos",
        content=_zeros(2 * MB),
        headers={**suite.headers(), "Content-Type": "multipart/form-data; boundary=x"},
        timeout=30,
    )
    assert photo.status_code != 413, photo.text[:200]


@pytest.mark.parametrize("service", ["issues", "notify"])
def test_other_services_refuse_impossible_dates_too(suite: Suite, service: str) -> None:
    process = suite.start(service)
    answer = httpx.post(
        process.url + "/v1/admin/sweep",
        json={"as_of": "0999-01-01"},
        headers=suite.headers(role="operator"),
    )
    _problem(answer, 422)
