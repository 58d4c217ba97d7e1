"""What the audit page reads: each service's verification and one aggregate's events.

Both come from the audit routes every service serves (``servicekit.web.audit_api``):
``GET /v1/audit/verify`` and ``GET /v1/audit/events?after=&limit=``. No route lists
an aggregate's events or the signed checkpoints on their own, so a timeline is
read by paging each service's log in order and keeping the aggregate's events.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from fastapi import Request

from workbench.sessions import Session
from workbench.settings import UPSTREAMS
from workbench.upstream import Api, UpstreamError

PAGE = 1000  # the most the audit route answers per call
MAX_PAGES = 200  # per service per lookup: 200,000 events, then the page says it stopped
# A service verifies at most once per auditor every 10 s (its resource limit); a
# page shown again within that time reuses the answer instead of being refused.
VERIFY_REUSE_S = 10.0


async def verify_all(request: Request, api: Api, session: Session) -> dict[str, dict[str, Any]]:
    """``{service: report}``; a report is the service's answer plus ``checked_at`` age,
    or ``{"error": …}`` when the service could not verify now."""
    kept: dict[tuple[str, str], tuple[float, dict[str, Any]]] = getattr(
        request.app.state, "audit_verify_reports", {}
    )
    request.app.state.audit_verify_reports = kept
    user = session.principal.user

    async def one(service: str) -> dict[str, Any]:
        earlier = kept.get((user, service))
        if earlier is not None and time.monotonic() - earlier[0] < VERIFY_REUSE_S:
            return {**earlier[1], "reused": True, "age_s": int(time.monotonic() - earlier[0])}
        try:
            report: dict[str, Any] = await api.get(session, service, "/v1/audit/verify")
        except UpstreamError as error:
            if error.status == 429 and earlier is not None:
                return {**earlier[1], "reused": True, "age_s": int(time.monotonic() - earlier[0])}
            return {"error": error.detail or "暂不可用", "status": error.status}
        kept[(user, service)] = (time.monotonic(), report)
        return {**report, "reused": False, "age_s": 0}

    reports = await asyncio.gather(*(one(service) for service in UPSTREAMS))
    return dict(zip(UPSTREAMS, reports, strict=True))


async def aggregate_events(
    api: Api, session: Session, aggregate_id: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Every stored event of ``aggregate_id`` in any service, in version order, and the
    services whose log could not be read to the end (down, or past the page bound)."""
    found: list[dict[str, Any]] = []
    unfinished: list[str] = []

    async def scan(service: str) -> None:
        after = 0
        for _ in range(MAX_PAGES):
            try:
                page = await api.get(
                    session, service, "/v1/audit/events", {"after": after, "limit": PAGE}
                )
            except UpstreamError:
                unfinished.append(service)
                return
            events = page["events"]
            found.extend(
                {**event, "service": service}
                for event in events
                if event["originator_id"] == aggregate_id
            )
            if len(events) < PAGE:
                return
            after = int(page["next_after"])
        unfinished.append(service)

    await asyncio.gather(*(scan(service) for service in UPSTREAMS))
    found.sort(key=lambda e: (e["originator_version"], e["position"]))
    return found, sorted(unfinished)
