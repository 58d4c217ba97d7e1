"""会议调度: the month calendar of meetings, generating the year's calendar, one meeting.

The calendar is a Monday-first month grid; a day with many meetings of one series
(the 18 county dispatch meetings share a day) folds them under one summary line.
The meeting list is city-wide in the API, but a county's meetings open only for that
county (and the office, HQ, auditors): the calendar shows what its reader may open.
"""

from __future__ import annotations

import calendar as month_grid
from collections import defaultdict
from datetime import date, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response

from contracts.access import may
from contracts.labels import SERIES_LABELS
from servicekit.core.clock import SystemClock
from workbench.pages.minutes import meeting_context
from workbench.sessions import Session
from workbench.web import ApiDep, FormSessionDep, SessionDep, redirect, render

router = APIRouter(tags=["meetings"])

MONTH_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])$"
SERIES_PATTERN = "^(|" + "|".join(SERIES_LABELS) + ")$"
STANDING_SERIES = ("plenary", "dispatch", "topical", "county")
CALENDAR_ROUTE = "/v1/calendars/{year}"
UNSCOPED_ROLES = ("commander", "office", "auditor")
# More meetings than this of one series on one day fold under a summary line.
FOLD_AFTER = 3
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def month_start(month: str | None, today: date) -> date:
    if not month:
        return today.replace(day=1)
    year, number = month.split("-")
    return date(int(year), int(number), 1)


def shift(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def visible(meeting: dict[str, Any], session: Session) -> bool:
    """Mirrors the scheduling service's object rule for opening a meeting."""
    if meeting.get("county") is None or session.role.value in UNSCOPED_ROLES:
        return True
    return session.role.value == "county" and meeting["county"] == session.unit


def calendar_weeks(
    first: date, meetings: list[dict[str, Any]], today: date
) -> list[list[dict[str, Any]]]:
    """Weeks (Mon–Sun) of the month; each day its meetings grouped by series."""
    by_day: dict[str, dict[str, list[dict[str, Any]]]] = defaultdict(dict)
    for meeting in meetings:
        by_day[str(meeting["date"])].setdefault(meeting["series"], []).append(meeting)
    weeks = []
    for week in month_grid.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month):
        days = []
        for day in week:
            groups = by_day.get(day.isoformat(), {})
            days.append(
                {
                    "date": day,
                    "weekday": WEEKDAYS[day.weekday()],
                    "in_month": day.month == first.month,
                    "today": day == today,
                    "groups": [
                        {"series": s, "meetings": ms, "folded": len(ms) > FOLD_AFTER}
                        for s, ms in groups.items()
                    ],
                }
            )
        weeks.append(days)
    return weeks


@router.get("/meetings", response_class=HTMLResponse, summary="会议日历")
async def meetings_calendar(
    request: Request,
    session: SessionDep,
    api: ApiDep,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
    series: Annotated[str, Query(pattern=SERIES_PATTERN)] = "",
    generated: Annotated[str, Query(pattern="^(|1)$")] = "",
) -> HTMLResponse:
    today = SystemClock().today()
    first = month_start(month, today)
    last = shift(first, 1) - timedelta(days=1)
    params = {"from": first.isoformat(), "to": last.isoformat(), "series": series}
    # Just generated: the Api's KPD-Min-Position makes the list include the month.
    rows = await api.get(session, "scheduling", "/v1/meetings", params)
    meetings = [m for m in rows if visible(m, session)]
    unplanned = not series and not any(m["series"] in STANDING_SERIES for m in rows)
    role = session.role.value
    context = {
        "first": first,
        "month": first.strftime("%Y-%m"),
        "series": series,
        "weeks": calendar_weeks(first, meetings, today),
        "weekdays": WEEKDAYS,
        "count": len(meetings),
        "previous": _month_link(shift(first, -1), series),
        "next": _month_link(shift(first, 1), series),
        "this_month": _month_link(today.replace(day=1), series),
        "offer_generate": unplanned and may(role, "scheduling", "POST", CALENDAR_ROUTE),
        "may_report": may(role, "scheduling", "POST", "/v1/county-reports"),
        "may_convene": may(role, "scheduling", "POST", "/v1/meetings"),
        "may_subscribe": may(role, "scheduling", "POST", "/v1/calendar-feeds"),
    }
    return render(request, "meetings/calendar.html", context)


def _month_link(first: date, series: str) -> str:
    query = {"month": first.strftime("%Y-%m"), **({"series": series} if series else {})}
    return "/meetings?" + urlencode(query)


@router.post("/meetings/calendars/{year}", summary="生成年度会议日历")
async def generate_calendar(
    year: Annotated[int, Path(ge=2000, le=2100)],
    session: FormSessionDep,
    api: ApiDep,
    month: Annotated[str | None, Query(pattern=MONTH_PATTERN)] = None,
) -> Response:
    answer = await api.post(session, "scheduling", f"/v1/calendars/{year}")
    counts = "，".join(
        f"{SERIES_LABELS.get(s, s)} {n} 场" for s, n in answer["counts"].items() if n
    )
    flash = (
        f"已生成 {year} 年会议日历：共 {answer['total']} 场（{counts}），"
        f"本次新增 {answer['created']} 场"
    )
    shown = month if month and month.startswith(str(year)) else f"{year}-01"
    return redirect(f"/meetings?month={shown}&generated=1", flash=flash)


@router.get("/meetings/{meeting_id}", response_class=HTMLResponse, summary="会议详情")
async def meeting_page(
    request: Request, meeting_id: str, session: SessionDep, api: ApiDep
) -> HTMLResponse:
    context = await meeting_context(request, api, session, meeting_id)
    return render(request, "meetings/detail.html", context)
