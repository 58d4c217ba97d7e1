"""项目库: the key-project library — filters, a name search, 20 projects a page.

The registry's list filters by county, sub-command, stage, warning light and year
and is already scoped to the reader (a county sees its own projects only); the
name search and the paging happen here, since the API has neither.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from contracts.access import may
from contracts.labels import LIGHT_LABELS, STAGE_LABELS
from workbench.org import org_names
from workbench.web import ApiDep, SessionDep, render

router = APIRouter(tags=["projects"])

PAGE_SIZE = 20
# The registry's own ceiling on one list answer; the library pages within it.
LIST_LIMIT = 5000
UNIT_PATTERN = r"^[A-Za-z0-9_.:-]{0,64}$"
STAGE_PATTERN = "^(|" + "|".join(STAGE_LABELS) + ")$"
LIGHT_PATTERN = "^(|" + "|".join(LIGHT_LABELS) + ")$"
YEAR_PATTERN = r"^(|20[0-9]{2}|2100)$"
# Roles whose list holds one county only: a county filter would offer nothing.
ONE_COUNTY_ROLES = ("county", "project_unit")


def page_link(filters: dict[str, str], page: int) -> str:
    """The library URL with the same filters, on ``page``."""
    query = {key: value for key, value in filters.items() if value}
    if page > 1:
        query["page"] = str(page)
    return "/projects" + (f"?{urlencode(query)}" if query else "")


def matching(rows: list[dict[str, Any]], search: str) -> list[dict[str, Any]]:
    """Projects whose name contains every word of the search (case-insensitive)."""
    words = search.casefold().split()
    return [row for row in rows if all(word in str(row["name"]).casefold() for word in words)]


@router.get("/projects", response_class=HTMLResponse, summary="项目库")
async def project_library(
    request: Request,
    session: SessionDep,
    api: ApiDep,
    county: Annotated[str, Query(pattern=UNIT_PATTERN)] = "",
    subcommand: Annotated[str, Query(pattern=UNIT_PATTERN)] = "",
    stage: Annotated[str, Query(pattern=STAGE_PATTERN)] = "",
    light: Annotated[str, Query(pattern=LIGHT_PATTERN)] = "",
    # A string: the filter form sends ``year=`` when the box is left empty.
    year: Annotated[str, Query(pattern=YEAR_PATTERN)] = "",
    q: Annotated[str, Query(max_length=100)] = "",
    page: Annotated[int, Query(ge=1, le=10000)] = 1,
) -> HTMLResponse:
    params = {
        "county": county,
        "subcommand": subcommand,
        "stage": stage,
        "warning": light,
        "year": year,
        "limit": LIST_LIMIT,
    }
    rows = await api.get(session, "registry", "/v1/projects", params)
    found = matching(rows, q.strip())
    pages = max(1, -(-len(found) // PAGE_SIZE))
    shown_page = min(page, pages)
    start = (shown_page - 1) * PAGE_SIZE
    org = await org_names(request, api, session)
    filters = {
        "county": county,
        "subcommand": subcommand,
        "stage": stage,
        "light": light,
        "year": year,
        "q": q.strip(),
    }
    role = session.role.value
    context = {
        "org": org,
        "unit_name": org.name,
        "projects": found[start : start + PAGE_SIZE],
        "total": len(found),
        "page": shown_page,
        "pages": pages,
        "first_index": start + 1,
        "filters": filters,
        "filtered": any(filters.values()),
        "previous_link": page_link(filters, shown_page - 1) if shown_page > 1 else "",
        "next_link": page_link(filters, shown_page + 1) if shown_page < pages else "",
        "counties": [(str(u["id"]), str(u["name"])) for u in org.of_kind("counties")],
        "subcommands": [(str(u["id"]), str(u["name"])) for u in org.of_kind("subcommands")],
        "offer_county_filter": role not in ONE_COUNTY_ROLES,
        "offer_subcommand_filter": role != "subcommand_commander",
        "may_register": may(role, "registry", "POST", "/v1/projects"),
        "may_import": may(role, "registry", "POST", "/v1/imports/projects"),
        "may_register_unit": may(role, "registry", "POST", "/v1/units"),
    }
    return render(request, "projects/list.html", context)
