"""日历订阅 on the running stack: a person makes a link on the workbench, a calendar
program fetches it from the workbench with no cookie and no token, and it stops once
revoked; the link is shown once, on the page that made it."""

from __future__ import annotations

import re

import httpx
import pytest

from tests.workbench_support import WorkbenchStack, csrf_of, post_form

pytestmark = [pytest.mark.nats]


def test_a_county_officer_subscribes_and_revokes(workbench_stack: WorkbenchStack) -> None:
    county = workbench_stack.signed_in("county", "yaodu")
    calendar = county.get("/meetings")
    assert 'href="/meetings/feeds"' in calendar.text
    made = post_form(county, "/meetings/feeds", {"series": "county"})
    assert made.status_code == 200, made.text
    found = re.search(r'value="(http[^"]+/feeds/[A-Za-z0-9_-]+\.ics)"', made.text)
    assert found, made.text
    link = found.group(1)
    assert link.startswith(str(county.base_url).rstrip("/"))  # the workbench's own address

    fetched = httpx.get(link, timeout=10)  # a calendar program: no cookie, no token
    assert fetched.status_code == 200, fetched.text
    assert fetched.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VCALENDAR" in fetched.text

    page = county.get("/meetings/feeds")
    assert link not in page.text  # shown once only
    assert "有效" in page.text
    assert "县级调度会" in page.text
    feed_id = re.search(r'action="/meetings/feeds/([0-9a-f-]{36})/revoke"', page.text)
    assert feed_id, page.text
    revoked = county.post(
        f"/meetings/feeds/{feed_id.group(1)}/revoke", data={"csrf_token": csrf_of(page.text)}
    )
    assert revoked.status_code == 303
    assert httpx.get(link, timeout=10).status_code == 404
    assert "已于" in county.get("/meetings/feeds").text


def test_an_auditor_is_not_offered_a_link(workbench_stack: WorkbenchStack) -> None:
    auditor = workbench_stack.signed_in("auditor")
    assert 'href="/meetings/feeds"' not in auditor.get("/meetings").text
