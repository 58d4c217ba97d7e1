"""The whole suite behind a running workbench: five services, NATS, and the workbench.

One stack per test session (starting five processes per test would take minutes):
on PostgreSQL when it is reachable (required under CI), else SQLite. Tests sign in
through the real login form, so every request goes the way a browser's does.
"""

from __future__ import annotations

import random
import re
import secrets
import uuid
from pathlib import Path
from typing import Any

import httpx

from servicekit.core.clock import SystemClock
from servicekit.core.context import CommandContext
from servicekit.dev.natsserver import NatsServerProcess
from servicekit.dev.testing import ServiceProcess
from servicekit.eventstore.environment import build_env
from tests.support import PROJECT, Suite, wait_for
from workbench.directory import UserDirectory
from workbench.settings import UPSTREAMS, WorkbenchSettings

_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TEST_ACTOR = CommandContext(
    actor="test",
    actorrole="operator",
    actorunit=None,
    correlationid="test",
    causationid=None,
    command="test",
)


class WorkbenchStack:
    def __init__(self, root: Path, nats: NatsServerProcess, database_url: str) -> None:
        self.suite = Suite(root, nats, database_url)
        self.database_url = database_url
        self.workbench: ServiceProcess | None = None
        self.passwords: dict[str, str] = {}
        # Years handed out to tests that need sums of their own (no two tests share one:
        # two random draws of the same year once summed both tests' projects).
        self._years = iter(random.sample(range(2040, 2099), 59))

    def start(self) -> None:
        for name in UPSTREAMS:
            self.suite.start(name)
        env = {
            **self.suite.env(),
            **{f"KPD_{name.upper()}_URL": self.suite.services[name].url for name in UPSTREAMS},
            "KPD_LOGIN_MAX_FAILURES": "5",
        }
        self.workbench = ServiceProcess("workbench", env, self.suite.root)
        self.workbench.migrate()
        self.workbench.start()

    def stop(self) -> None:
        if self.workbench is not None:
            self.workbench.stop()
        self.suite.stop_all()

    @property
    def url(self) -> str:
        assert self.workbench is not None
        return self.workbench.url

    def fresh_year(self) -> int:
        """A plan year no other test of this stack registers projects in."""
        return next(self._years)

    def service_url(self, name: str) -> str:
        return self.suite.services[name].url

    def directory(self) -> UserDirectory:
        settings = WorkbenchSettings(var_dir=self.suite.var_dir, database_url=self.database_url)
        return UserDirectory(env=build_env(settings))

    def add_user(self, role: str, unit: str | None = None, username: str | None = None) -> str:
        """A new account (unique name unless given); answers its username."""
        name = username or f"{role.replace('_', '-')}-{uuid.uuid4().hex[:8]}"
        password = f"pw-{secrets.token_urlsafe(12)}"
        directory = self.directory()
        try:
            directory.add_user(TEST_ACTOR, name, role=role, unit=unit, password=password)
        finally:
            directory.close()
        self.passwords[name] = password
        return name

    def disable_user(self, username: str) -> None:
        directory = self.directory()
        try:
            directory.disable_user(TEST_ACTOR, username, reason="test")
        finally:
            directory.close()

    def client(self) -> httpx.Client:
        return httpx.Client(base_url=self.url, timeout=30, follow_redirects=False)

    def signed_in(self, role: str, unit: str | None = None) -> httpx.Client:
        """A client signed in through the login form as a fresh user of ``role``."""
        username = self.add_user(role, unit)
        client = self.client()
        response = login(client, username, self.passwords[username])
        assert response.status_code == 303, response.text
        return client

    def register_project(self, **overrides: Any) -> str:
        """A project made through the registry API directly (setting the scene)."""
        return self.suite.register_project(**overrides)

    def wait_known_to_issues(self, project_id: str, timeout_s: float = 30) -> None:
        """Until the issues service has learned the project from the registry's events."""
        url = f"{self.service_url('issues')}/v1/known-projects/{project_id}"
        headers = self.suite.headers("office")
        wait_for(
            lambda: httpx.get(url, headers=headers, timeout=10).status_code == 200,
            timeout=timeout_s,
            what="the issues service to learn the project",
        )

    def raise_issue(self, title: str, project_name: str) -> str:
        """A land problem on a new yaodu project, raised today by its project unit."""
        project_id = self.register_project(name=f"{project_name}-{uuid.uuid4().hex[:6]}")
        self.wait_known_to_issues(project_id)
        body = {
            "project_id": project_id, "category": "land", "title": title,
            "description": "供地手续滞后", "raised_by": "project_unit",
            "raised_on": SystemClock().today().isoformat(),
        }  # fmt: skip
        raised = httpx.post(
            self.service_url("issues") + "/v1/issues",
            json=body,
            headers=self.suite.headers("project_unit", "unit-yaodu-001"),
            timeout=30,
        )
        assert raised.status_code == 201, raised.text
        return str(raised.json()["id"])


def csrf_of(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "no csrf_token on the page"
    return found.group(1)


def login(client: httpx.Client, username: str, password: str) -> httpx.Response:
    page = client.get("/login")
    return client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": csrf_of(page.text)},
    )


def post_form(
    client: httpx.Client, path: str, data: dict[str, Any], page: str | None = None
) -> httpx.Response:
    """Submit a form the way a browser does: with the CSRF token from the page it is on."""
    html = client.get(page or path).text
    return client.post(path, data={**data, "csrf_token": csrf_of(html)})


__all__ = ["PROJECT", "WorkbenchStack", "csrf_of", "login", "post_form"]
