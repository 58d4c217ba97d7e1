"""Operator and office routes: the sweep (the 13710 export is in exports.py)."""

from __future__ import annotations

import time
from typing import Annotated

from fastapi import APIRouter, Depends, Request

from issues.api.common import IssuesDep
from issues.api.schemas import SweepIn, SweepOut
from issues.metrics import IssueMetrics
from servicekit.web.auth import Principal, Role, require_roles
from servicekit.web.dependencies import ContextDep

router = APIRouter(prefix="/v1", tags=["issues-admin"])

SweeperDep = Annotated[Principal, Depends(require_roles(Role.OPERATOR, Role.OFFICE))]
ExportDep = Annotated[Principal, Depends(require_roles(Role.OFFICE, Role.COMMANDER, Role.AUDITOR))]


@router.post("/admin/sweep", response_model=SweepOut, summary="到期扫描 / run the sweep")
def run_sweep(
    body: SweepIn, issues: IssuesDep, ctx: ContextDep, principal: SweeperDep, request: Request
) -> SweepOut:
    """Count provisional deadlines again where a year's holiday schedule has since been
    loaded (the override file is re-read if it changed), escalate issues past their
    deadline (reason ``deadline_missed``), enter long-stalled ones into 13710
    supervision and record missed 13710 limits, as of ``as_of``.
    Running it again for the same ``as_of`` changes nothing and answers empty lists."""
    started = time.perf_counter()
    report = issues.sweep(ctx, body.as_of)
    IssueMetrics.of(request.app.state.metrics).observe_sweep(time.perf_counter() - started)
    return SweepOut(
        as_of=report.as_of,
        recomputed=report.recomputed,
        escalated=report.escalated,
        supervised=report.supervised,
        supervision_breaches=report.supervision_breaches,
        failed=report.failed,
    )
