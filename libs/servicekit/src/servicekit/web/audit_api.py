"""The audit API every service serves (auditor role): its log in order, and a verification."""

from __future__ import annotations

import asyncio
import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request

from servicekit.audit.chain import split_state
from servicekit.audit.verify import verify_log
from servicekit.eventstore.mapper import META_KEY
from servicekit.web.auth import Principal, Role, require_roles
from servicekit.web.dependencies import runtime_of
from servicekit.web.problems import TooManyRequestsError

router = APIRouter(prefix="/v1/audit", tags=["audit"])

AuditorDep = Annotated[Principal, Depends(require_roles(Role.AUDITOR))]
VERIFY_MIN_INTERVAL_S = 10.0


@router.get("/events", summary="审计:按顺序读取事件日志 / the event log in order")
def audit_events(
    request: Request,
    _: AuditorDep,
    after: Annotated[int, Query(ge=0)] = 0,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Stored events after position ``after``, with actor, cause and hash-chain fields."""
    app = runtime_of(request).app
    notifications = app.recorder.select_notifications(
        start=after, limit=limit, inclusive_of_start=False
    )
    events = []
    for n in notifications:
        state, chain = split_state(n.state)
        meta = state.pop(META_KEY, {})
        events.append(
            {
                "position": n.id,
                "originator_id": str(n.originator_id),
                "originator_version": n.originator_version,
                "topic": n.topic,
                "meta": meta,
                "chain": chain,
                "state": state,
            }
        )
    next_after = notifications[-1].id if notifications else after
    return {"events": events, "next_after": next_after}


@router.get(
    "/verify",
    summary="审计:校验哈希链与签名检查点 / verify chains and checkpoints",
    responses={429: {"description": "校验过于频繁 / verification rate limit"}},
)
async def audit_verify(request: Request, principal: AuditorDep) -> dict[str, Any]:
    """Recompute every chain and this service's checkpoints; ``first_bad`` names the first."""
    state = request.app.state
    last = getattr(state, "audit_verify_at", {})
    now = time.monotonic()
    # Verification reads the whole log: one run per auditor per interval (resource limit).
    if now - last.get(principal.user, -VERIFY_MIN_INTERVAL_S) < VERIFY_MIN_INTERVAL_S:
        raise TooManyRequestsError(
            "校验过于频繁,请稍后再试 / verification rate limit; retry later",
            retry_after_seconds=int(VERIFY_MIN_INTERVAL_S),
        )
    last[principal.user] = now
    state.audit_verify_at = last
    runtime = runtime_of(request)
    report = await asyncio.to_thread(verify_log, runtime.app.recorder, runtime.service)
    return report.as_dict()
