"""Read-your-writes through the workbench: a form's command position goes into the
person's ``kpd_seen`` cookie, and every later read of that service carries it as
``KPD-Min-Position`` (so the list right after raising shows the new issue)."""

from __future__ import annotations

import re

import pytest

from tests.workbench.projects_support import unique
from tests.workbench.test_project_forms import _form
from tests.workbench_support import WorkbenchStack, post_form
from workbench.consistency import format_seen, parse_seen

pytestmark = [pytest.mark.nats]


def test_seen_positions_round_trip_and_junk_is_dropped() -> None:
    seen = {"registry": 12, "issues": 40}
    assert parse_seen(format_seen(seen)) == seen
    assert parse_seen("registry-12.evil-3.issues-x.scheduling-7") == {
        "registry": 12,
        "scheduling": 7,
    }
    assert parse_seen(None) == {}
    assert parse_seen("registry-" + "9" * 40) == {}


def test_a_form_sets_the_position_and_later_reads_wait_for_it(
    workbench_stack: WorkbenchStack,
) -> None:
    office = workbench_stack.signed_in("office")
    answer = post_form(office, "/projects/new", _form(f"一致性登记-{unique()}"))
    assert answer.status_code == 303, answer.text
    cookies = "\n".join(answer.headers.get_list("set-cookie"))
    found = re.search(r"kpd_seen=registry-(\d+);", cookies)
    assert found, cookies
    assert "HttpOnly" in cookies
    assert office.get(answer.headers["location"]).status_code == 200

    # A position the registry's read models never reach: the page waits for it and
    # then says so in Chinese instead of showing a list that may be stale.
    office.cookies.set("kpd_seen", f"registry-{int(found.group(1)) + 10**9}")
    stale = office.get("/projects")
    assert stale.status_code == 503, stale.text[:500]
    assert "读模型尚未更新到位置" in stale.text
    office.cookies.set("kpd_seen", f"registry-{found.group(1)}")
    assert office.get("/projects").status_code == 200
