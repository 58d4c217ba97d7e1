"""The page plumbing every router uses: templates, the signed-in person, CSRF, errors.

Pages are server-rendered (Jinja2) with htmx for partial updates. A page route
takes :data:`SessionDep` (redirects to ``/login`` when nobody is signed in); a form
route takes :data:`FormSessionDep`, which also checks the form's ``csrf_token``
(or htmx's ``X-CSRF-Token`` header) before anything is sent to a service.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from starlette.datastructures import FormData

from contracts import labels
from contracts.access import may
from servicekit.calendar import WorkingDayCalendar
from workbench.consistency import SEEN_COOKIE, parse_seen
from workbench.org import OrgNames, org_names
from workbench.sessions import SESSION_COOKIE, Session, SessionManager
from workbench.upstream import Api, UpstreamError

PACKAGE_DIR = Path(__file__).resolve().parent
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


class SignInRequiredError(Exception):
    """No valid session: the person is sent to the login page."""

    def __init__(self, reason: str = "") -> None:
        self.reason = reason


class CsrfRefusedError(Exception):
    """A form arrived without this session's CSRF token."""


class PageError(Exception):
    """An error page in Chinese with an HTTP status."""

    def __init__(self, status: int, title: str, detail: str = "") -> None:
        self.status = status
        self.title = title
        self.detail = detail


def build_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(PACKAGE_DIR / "templates"))
    env = templates.env
    env.globals["labels"] = labels.ALL_LABELS
    env.globals["label"] = labels.label
    env.globals["may"] = may
    env.globals["header_unit_name"] = _header_unit_name
    env.filters["money"] = _money
    return templates


def _header_unit_name(request: Request, unit_id: str) -> str:
    cached: OrgNames | None = getattr(request.app.state, "org_names", None)
    return cached.name(unit_id) if cached is not None else unit_id


def _money(value: Any) -> str:
    """万元 amounts as the API gives them (decimal strings), grouped for reading."""
    if value in (None, ""):
        return "—"
    text = str(value)
    whole, _, fraction = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    grouped = f"{int(digits):,}" if digits.isdigit() else digits
    return f"{sign}{grouped}.{fraction}" if fraction else f"{sign}{grouped}"


def sessions_of(request: Request) -> SessionManager:
    manager: SessionManager = request.app.state.sessions
    return manager


def api_of(request: Request) -> Api:
    api: Api = request.app.state.api
    return api


def templates_of(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


async def signed_in(request: Request) -> Session:
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise SignInRequiredError()
    session = sessions_of(request).resume(token)
    if session is None:
        raise SignInRequiredError("expired")
    session.seen.update(parse_seen(request.cookies.get(SEEN_COOKIE)))
    request.state.session = session
    if session.unit:
        # The header names the user's unit in Chinese on every page; the names are
        # cached for minutes, and a registry that is down only leaves the id showing.
        with contextlib.suppress(UpstreamError):
            await org_names(request, api_of(request), session)
    return session


async def signed_in_form(
    request: Request, session: Annotated[Session, Depends(signed_in)]
) -> Session:
    given = request.headers.get(CSRF_HEADER)
    if given is None and _is_form(request):
        form = await request.form()
        value = form.get(CSRF_FIELD)
        given = value if isinstance(value, str) else None
    if not SessionManager.tokens_match(session.csrf_token, given):
        raise CsrfRefusedError()
    return session


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


SessionDep = Annotated[Session, Depends(signed_in)]
FormSessionDep = Annotated[Session, Depends(signed_in_form)]
ApiDep = Annotated[Api, Depends(api_of)]


def render(
    request: Request,
    template: str,
    context: Mapping[str, Any] | None = None,
    *,
    status: int = 200,
) -> HTMLResponse:
    """A page; the signed-in session (if any) and its CSRF token are always in context."""
    session: Session | None = getattr(request.state, "session", None)
    values: dict[str, Any] = {
        "request": request,
        "session": session,
        "csrf_token": session.csrf_token if session else "",
        **(context or {}),
    }
    response = templates_of(request).TemplateResponse(request, template, values, status_code=status)
    return response


def redirect(url: str, *, flash: str = "") -> RedirectResponse:
    """303 after a form post, with an optional one-time notice shown by the next page."""
    target = url if not flash else f"{url}{'&' if '?' in url else '?'}notice={quote(flash)}"
    return RedirectResponse(target, status_code=303)


def form_values(form: FormData) -> dict[str, str]:
    """What the person typed, to fill the form again when a service refuses it."""
    return {
        key: value for key, value in form.items() if isinstance(value, str) and key != CSRF_FIELD
    }


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    manager = sessions_of(request)
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=manager.cookie_max_age,
        httponly=True,
        samesite="lax",
        secure=request.app.state.settings.cookie_secure,
        path="/",
    )


def working_days(request: Request) -> WorkingDayCalendar:
    """The app's one working-day calendar (statutory plus the office's override file),
    built by ``create_app``; its years are cached inside."""
    calendar: WorkingDayCalendar = request.app.state.working_day_calendar
    return calendar
