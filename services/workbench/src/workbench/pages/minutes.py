"""One meeting's page: facts, the agenda in Chinese, the minutes, and the minutes form.

The form's decision rows are named like the API's fields (``decisions.0.text``), so a
422 from the scheduling service lands next to the row it is about. Rows left blank
are skipped; the API's index of a decision is mapped back to the row it came from.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import FormData

from workbench.org import OrgNames, org_names
from workbench.pages import meeting_parts as parts
from workbench.sessions import Session
from workbench.upstream import Api, UpstreamError
from workbench.web import ApiDep, FormSessionDep, SessionDep, form_values, redirect, render

router = APIRouter(tags=["meetings"])

DECISION_FIELDS = ("text", "assignee", "deadline_working_days", "project_id")
EMPTY_ROWS = 3
MAX_ROWS = 50
_ROW_FIELD = re.compile(r"^decisions\.(\d+)\.(\w+)$")
_LIST_SEPARATORS = re.compile(r"[,，、;；\n]+")


def meeting_path(meeting_id: str) -> str:
    return f"/v1/meetings/{quote(meeting_id, safe='')}"


async def meeting_context(
    request: Request, api: Api, session: Session, meeting_id: str
) -> dict[str, Any]:
    """Everything the meeting page shows; the minutes form only for the chair's side."""
    meeting = await api.get(session, "scheduling", meeting_path(meeting_id))
    agenda = await api.get(session, "scheduling", meeting_path(meeting_id) + "/agenda")
    org = await org_names(request, api, session)
    context: dict[str, Any] = {
        "meeting": meeting,
        "org": org,
        "agenda": agenda,
        "agenda_rows": parts.agenda_rows(agenda["items"], org),
        "errors": {},
        "values": {},
        "attendee_values": [],
        "row_indexes": list(range(EMPTY_ROWS)),
    }
    if meeting["status"] == "held":
        context["decisions"] = await parts.decision_rows(request, api, session, meeting, org)
    if parts.may_record(meeting, session):
        context.update(await _form_choices(api, session, meeting, agenda["items"], org))
    return context


async def _form_choices(
    api: Api, session: Session, meeting: dict[str, Any], items: list[Any], org: OrgNames
) -> dict[str, Any]:
    return {
        "may_record": True,
        "unit_groups": parts.unit_groups(org),
        "projects": await parts.project_choices(api, session, meeting, items, org),
    }


@router.post("/meetings/{meeting_id}/minutes", response_class=HTMLResponse, summary="记录会议纪要")
async def record_minutes(
    request: Request, meeting_id: str, session: FormSessionDep, api: ApiDep
) -> Response:
    form = await request.form()
    meeting = await api.get(session, "scheduling", meeting_path(meeting_id))
    rows = _decision_rows_of(form)
    filled = [index for index in sorted(rows) if any(rows[index].values())]
    decisions = [_decision_body(rows[index], meeting) for index in filled]
    body: dict[str, Any] = {
        "held_on": str(form.get("held_on") or ""),
        "attendees": _attendees_of(form),
        "decisions": decisions,
    }
    try:
        await api.post(session, "scheduling", meeting_path(meeting_id) + "/minutes", body)
    except UpstreamError as exc:
        if exc.status not in (409, 412, 422):
            raise
        context = await meeting_context(request, api, session, meeting_id)
        context.update(
            errors=_row_errors(exc.field_errors, filled),
            values=form_values(form),
            attendee_values=[str(a) for a in form.getlist("attendees")],
            row_indexes=sorted(rows) or list(range(EMPTY_ROWS)),
            problem=parts.refusal_text(exc),
        )
        return render(request, "meetings/detail.html", context, status=422)
    assigned = sum(1 for d in decisions if d["assignee"] and d["deadline_working_days"])
    flash = "已记录会议纪要" + (f"，{assigned} 项交办事项将转入问题清单" if assigned else "")
    return redirect(f"/meetings/{quote(meeting_id, safe='')}", flash=flash)


@router.get(
    "/meetings/{meeting_id}/decision-row", response_class=HTMLResponse, summary="增加一行决定"
)
async def decision_row(
    request: Request,
    meeting_id: str,
    session: SessionDep,
    api: ApiDep,
    i: Annotated[int, Query(ge=0, le=MAX_ROWS)],
) -> HTMLResponse:
    """One more empty decision row (htmx), and the add button counting on."""
    meeting = await api.get(session, "scheduling", meeting_path(meeting_id))
    agenda = await api.get(session, "scheduling", meeting_path(meeting_id) + "/agenda")
    org = await org_names(request, api, session)
    context = await _form_choices(api, session, meeting, agenda["items"], org)
    context.update(meeting=meeting, i=i, values={}, errors={}, max_rows=MAX_ROWS)
    return render(request, "meetings/decision_row.html", context)


def _decision_rows_of(form: FormData) -> dict[int, dict[str, str]]:
    rows: dict[int, dict[str, str]] = {}
    for key, value in form.items():
        found = _ROW_FIELD.match(key)
        if found and found.group(2) in DECISION_FIELDS and int(found.group(1)) <= MAX_ROWS:
            row = rows.setdefault(int(found.group(1)), dict.fromkeys(DECISION_FIELDS, ""))
            row[found.group(2)] = value.strip() if isinstance(value, str) else ""
    return rows


def _decision_body(row: dict[str, str], meeting: dict[str, Any]) -> dict[str, Any]:
    days = row["deadline_working_days"]
    return {
        "text": row["text"],
        "assignee": row["assignee"] or None,
        # Digits become a number; anything else goes as typed, for the API to name the field.
        "deadline_working_days": int(days) if days.isdigit() else (days or None),
        "project_id": row["project_id"] or None,
        # A county's own meeting assigns work inside that county (the scope).
        "county": meeting.get("county"),
    }


def _attendees_of(form: FormData) -> list[str]:
    chosen = [str(unit) for unit in form.getlist("attendees") if str(unit).strip()]
    typed = _LIST_SEPARATORS.split(str(form.get("other_attendees") or ""))
    return chosen + [name.strip() for name in typed if name.strip()]


def _row_errors(errors: dict[str, str], filled: list[int]) -> dict[str, str]:
    """The API counts only the rows sent; the page names each error by the row shown."""
    shown: dict[str, str] = {}
    for field, message in errors.items():
        found = _ROW_FIELD.match(field) or re.match(r"^decisions\.(\d+)()$", field)
        if found and int(found.group(1)) < len(filled):
            row = filled[int(found.group(1))]
            shown[f"decisions.{row}.{found.group(2) or 'text'}"] = message
        elif field.startswith("attendees"):
            shown["attendees"] = message
        else:
            shown[field] = message
    return shown
