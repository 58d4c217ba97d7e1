"""What the war room reads from the services, with the signed-in person's token.

The registry's project list carries stage, county, sub-command and the latest
light, but not the annual plan nor the months' reported amounts; those come from
each project's detail. A detail is read once per project *version* (the version
changes with every report or stage change), kept in a bounded per-process cache,
so a refresh every 30 s costs one list call plus the projects that changed. Only
projects in the caller's own list are ever looked up, so the cache never shows a
person a project their token could not list.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any, TypeVar

from fastapi import Request

from workbench.pages.warroom_figures import ZERO, ProjectFigures
from workbench.sessions import Session
from workbench.upstream import Api

DETAIL_CONCURRENCY = 8
CACHE_LIMIT = 20_000
ESCALATIONS_SHOWN = 8
T = TypeVar("T")
Key = tuple[str, int]


def _cache(request: Request, name: str) -> dict[Key, Any]:
    found: dict[Key, Any] | None = getattr(request.app.state, name, None)
    if found is None or len(found) > CACHE_LIMIT:
        found = {}
        setattr(request.app.state, name, found)
    return found


async def _bounded(calls: Sequence[Callable[[], Awaitable[T]]]) -> list[T]:
    gate = asyncio.Semaphore(DETAIL_CONCURRENCY)

    async def one(call: Callable[[], Awaitable[T]]) -> T:
        async with gate:
            return await call()

    return list(await asyncio.gather(*(one(c) for c in calls)))


def _months(detail: dict[str, Any]) -> dict[str, Decimal]:
    """The figure in force for each reported month: a later report is a correction."""
    latest: dict[str, Decimal] = {}
    for report in detail.get("reports", []):
        latest[str(report["month"])] = Decimal(str(report["investment_completed"]))
    return latest


async def project_figures(
    request: Request, api: Api, session: Session, year: int
) -> list[ProjectFigures]:
    """The year's projects the token may list, with annual plan and the year's completion."""
    summaries = await api.get(session, "registry", "/v1/projects", {"year": year, "limit": 5000})
    cache = _cache(request, "warroom_project_details")
    wanted = [s for s in summaries if (s["id"], s["version"]) not in cache]

    def fetch(summary: dict[str, Any]) -> Callable[[], Awaitable[None]]:
        async def call() -> None:
            detail = await api.get(session, "registry", f"/v1/projects/{summary['id']}")
            plan = Decimal(str(detail["annual_planned_investment"]))
            cache[(summary["id"], summary["version"])] = (plan, _months(detail))

        return call

    await _bounded([fetch(s) for s in wanted])
    figures = []
    for summary in summaries:
        plan, months = cache[(summary["id"], summary["version"])]
        completed = sum((v for m, v in months.items() if m.startswith(f"{year}-")), ZERO)
        figures.append(
            ProjectFigures(
                project_id=summary["id"],
                county=summary["county"],
                subcommand=summary["subcommand"],
                stage=summary["stage"],
                warning=summary.get("warning"),
                planned=plan,
                completed=completed,
            )
        )
    return figures


async def latest_escalations(
    request: Request, api: Api, session: Session, issues: Sequence[dict[str, Any]]
) -> list[dict[str, Any]]:
    """Issues above county level, most recently escalated first, from their histories.

    An escalation resets the deadline, so the latest deadlines pick the candidates;
    the history's ``Escalated`` event gives when, from which level and why.
    """
    above = [i for i in issues if i["level"] != "county"]
    candidates = sorted(above, key=lambda i: (i["deadline"], i["raised_on"]), reverse=True)
    candidates = candidates[: ESCALATIONS_SHOWN * 3]
    cache = _cache(request, "warroom_escalations")

    def fetch(issue: dict[str, Any]) -> Callable[[], Awaitable[None]]:
        async def call() -> None:
            detail = await api.get(session, "issues", f"/v1/issues/{issue['id']}")
            steps = [h for h in detail.get("history", []) if h["event"] == "Escalated"]
            last = steps[-1] if steps else None
            cache[(issue["id"], issue["version"])] = {
                "at": last["at"] if last else f"{issue['raised_on']}T00:00:00+08:00",
                "from_level": last["data"].get("from_level") if last else None,
                "automatic": bool(last and last["data"].get("automatic")),
                "reason": str(last["data"].get("reason", "")) if last else "",
            }

        return call

    await _bounded([fetch(i) for i in candidates if (i["id"], i["version"]) not in cache])
    found = [{**i, **cache[(i["id"], i["version"])]} for i in candidates]
    return sorted(found, key=lambda e: datetime.fromisoformat(e["at"]), reverse=True)[
        :ESCALATIONS_SHOWN
    ]


def this_week(today: date) -> tuple[date, date]:
    """Monday to Sunday of the week holding ``today``."""
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


async def week_meetings(api: Api, session: Session, today: date) -> list[dict[str, Any]]:
    first, last = this_week(today)
    params = {"from": first.isoformat(), "to": last.isoformat()}
    meetings: list[dict[str, Any]] = await api.get(session, "scheduling", "/v1/meetings", params)
    return sorted(meetings, key=lambda m: (m["date"], m["title"]))
