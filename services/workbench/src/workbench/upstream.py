"""Calls to the four services' APIs, always with the signed-in person's own token.

The workbench holds no business state: every figure on a page comes from a service
answer, and every form becomes one API command. A service's problem+json answer is
raised as :class:`UpstreamError`, which the pages turn into field errors or an
error page in Chinese.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import httpx

from workbench.consistency import note_position
from workbench.sessions import Session
from workbench.settings import UPSTREAMS, WorkbenchSettings

Json = Any


class UpstreamError(Exception):
    """A service refused or failed a call; ``problem`` is its problem+json body."""

    def __init__(self, service: str, status: int, problem: Mapping[str, Any]) -> None:
        self.service = service
        self.status = status
        self.problem = dict(problem)
        super().__init__(f"{service} answered {status}: {self.detail}")

    @property
    def detail(self) -> str:
        return str(self.problem.get("detail") or self.problem.get("title") or "")

    @property
    def field_errors(self) -> dict[str, str]:
        """``{field: message}`` from a validation problem, body fields by their own name."""
        found: dict[str, str] = {}
        for error in self.problem.get("errors") or []:
            field = str(error.get("field", ""))
            for prefix in ("body.", "query.", "path."):
                field = field.removeprefix(prefix)
            found.setdefault(field or "_", str(error.get("message", "")))
        return found


class Api:
    """One HTTP client per workbench process, shared by every page."""

    def __init__(self, settings: WorkbenchSettings, client: httpx.AsyncClient) -> None:
        self._settings = settings
        self._client = client
        self._bases = {name: settings.upstream_url(name) for name in UPSTREAMS}

    async def get(
        self, session: Session, service: str, path: str, params: Mapping[str, Any] | None = None
    ) -> Json:
        response = await self.request(session, "GET", service, path, params=params)
        return response.json()

    async def post(
        self,
        session: Session,
        service: str,
        path: str,
        json: Json = None,
        *,
        files: Mapping[str, Any] | None = None,
    ) -> Json:
        response = await self.request(session, "POST", service, path, json=json, files=files)
        return response.json() if response.content else None

    async def request(
        self,
        session: Session,
        method: str,
        service: str,
        path: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Json = None,
        files: Mapping[str, Any] | None = None,
    ) -> httpx.Response:
        """The raw answer of a 2xx call; anything else raises :class:`UpstreamError`."""
        clean = {k: v for k, v in (params or {}).items() if v not in (None, "")}
        headers = {"Authorization": f"Bearer {session.token}"}
        reading = method in ("GET", "HEAD")
        wanted = max(session.seen.get(service, 0), session.written.get(service, 0))
        if reading and wanted:
            headers["KPD-Min-Position"] = str(wanted)
        try:
            response = await self._client.request(
                method,
                self._bases[service] + path,
                params=clean,
                json=json,
                files=files,
                headers=headers,
                timeout=self._settings.upstream_timeout_s,
            )
        except httpx.HTTPError as error:
            raise UpstreamError(
                service,
                503,
                {"detail": f"{_SERVICE_NAMES[service]}服务暂时无法访问：{type(error).__name__}"},
            ) from error
        if response.is_success:
            if not reading:
                note_position(session.written, service, response.headers.get("kpd-position"))
            return response
        try:
            problem = response.json()
        except ValueError:
            problem = {"detail": response.text[:500]}
        if not isinstance(problem, dict):
            problem = {"detail": str(problem)[:500]}
        raise UpstreamError(service, response.status_code, problem)

    async def fetch_public(self, service: str, path: str) -> httpx.Response:
        """A GET with no token, answered as it is (a capability URL such as a calendar
        feed carries its credential in ``path``)."""
        try:
            return await self._client.get(
                self._bases[service] + path, timeout=self._settings.upstream_timeout_s
            )
        except httpx.HTTPError as error:
            raise UpstreamError(
                service, 503, {"detail": f"{_SERVICE_NAMES[service]}服务暂时无法访问"}
            ) from error


_SERVICE_NAMES = {
    "registry": "项目登记",
    "issues": "问题清单",
    "scheduling": "会议调度",
    "assessment": "考核通报",
    "notify": "消息提醒",
}
