"""审计: each service's chain verification, and one project's or issue's events in order.

For the auditor role only (the audit routes of every service admit no one else).
The verification is the services' own (hash chains and signed checkpoints); the
timeline is the aggregate's stored events with who did what, when, by which command.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from contracts.access import may
from contracts.labels import EVENT_LABELS, ROLE_LABELS, label
from servicekit.core.clock import BUSINESS_TZ
from workbench.org import OrgNames, org_names
from workbench.pages import audit_sources as sources
from workbench.sessions import Session
from workbench.web import ApiDep, PageError, SessionDep, render

router = APIRouter(tags=["audit"])
AggregateId = Annotated[str, Query(max_length=100, description="项目或问题编号")]
# Fields of a stored event that the timeline shows in their own columns.
SHOWN_APART = frozenset({"timestamp", "originator_id", "originator_version", "originator_topic"})


def _refuse_unless_auditor(session: Session) -> None:
    if not may(session.role.value, "registry", "GET", "/v1/audit/verify"):
        raise PageError(
            403,
            "无权访问审计",
            "审计页面（哈希链校验、事件时间线）仅对审计角色开放。",
        )


@router.get("/audit", response_class=HTMLResponse, summary="审计")
async def audit(request: Request, session: SessionDep, api: ApiDep) -> HTMLResponse:
    _refuse_unless_auditor(session)
    reports = await sources.verify_all(request, api, session)
    all_ok = all(r.get("ok") is True for r in reports.values())
    context = {"reports": reports, "all_ok": all_ok, "aggregate": ""}
    return render(request, "audit/index.html", context)


@router.get("/audit/timeline", response_class=HTMLResponse, summary="审计时间线")
async def timeline(
    request: Request, session: SessionDep, api: ApiDep, aggregate: AggregateId = ""
) -> HTMLResponse:
    """The events of one aggregate (a project, an issue, a meeting …) in version order."""
    _refuse_unless_auditor(session)
    wanted = aggregate.strip()
    context: dict[str, Any] = {"aggregate": wanted, "events": [], "unfinished": [], "error": ""}
    if wanted:
        try:
            wanted = str(UUID(wanted))
        except ValueError:
            context["error"] = "编号格式不正确：应为项目或问题详情页地址中的编号（UUID）。"
        else:
            org = await org_names(request, api, session)
            events, unfinished = await sources.aggregate_events(api, session, wanted)
            context.update(
                aggregate=wanted, events=[_row(e, org) for e in events], unfinished=unfinished
            )
    fragment = bool(request.headers.get("HX-Request"))
    template = "audit/_timeline.html" if fragment else "audit/timeline.html"
    return render(request, template, context)


def _row(event: dict[str, Any], org: OrgNames) -> dict[str, Any]:
    """One stored event as the timeline shows it: when, what, who, by which command."""
    meta = event.get("meta") or {}
    state = event.get("state") or {}
    kind = str(event["topic"]).rsplit(".", 1)[-1].rsplit(":", 1)[-1]
    details = {k: _plain(v) for k, v in state.items() if k not in SHOWN_APART}
    unit = meta.get("actorunit")
    return {
        "service": event["service"],
        "position": event["position"],
        "version": event["originator_version"],
        "kind": kind,
        "kind_label": label(EVENT_LABELS, kind),
        "at": _when(state.get("timestamp")),
        "actor": meta.get("actor") or "—",
        "role": label(ROLE_LABELS, meta.get("actorrole")) if meta.get("actorrole") else "",
        "unit": org.name(unit) if unit else "",
        "command": meta.get("command") or "",
        "correlation": meta.get("correlationid") or "",
        "chain_hash": str((event.get("chain") or {}).get("hash", ""))[:16],
        "details": json.dumps(details, ensure_ascii=False, indent=1, sort_keys=True),
    }


def _plain(value: Any) -> Any:
    """The store's tagged values (``{"_type_": "decimal_str", "_data_": "1.5"}``) as text."""
    if isinstance(value, dict):
        if set(value) == {"_type_", "_data_"}:
            return _plain(value["_data_"])
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _when(stamp: Any) -> str:
    """The stored timestamp (ISO text, or the store's tagged form) in Beijing time."""
    text = stamp.get("_data_") if isinstance(stamp, dict) else stamp
    if not isinstance(text, str):
        return "—"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:  # the store records UTC
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(BUSINESS_TZ).strftime("%Y-%m-%d %H:%M:%S")
