"""项目单位 on the running stack: the office registers an enterprise with its credit code
from the project library, a wrong check character is refused beside the field, and the
project built by it is named by the enterprise on its page."""

from __future__ import annotations

import random
import uuid

import pytest

from registry.domain.credit_code import ALPHABET, check_character
from tests.workbench_support import WorkbenchStack, post_form

pytestmark = [pytest.mark.nats]


def fresh_credit_code() -> str:
    """A valid code no other test has claimed: 9114 01 00 (临汾) + 9 random + check."""
    body = "91141000" + "".join(random.choice(ALPHABET) for _ in range(9))
    return body + check_character(body)


def test_an_enterprise_is_registered_and_named_on_its_project(
    workbench_stack: WorkbenchStack,
) -> None:
    office = workbench_stack.signed_in("office")
    assert 'href="/units/new"' in office.get("/projects").text
    unit_id = f"unit-{uuid.uuid4().hex[:8]}"
    form = {
        "id": unit_id, "name": "临汾市尧都区城市建设投资有限公司",
        "credit_code": "91350100M000100Y44", "contact": "张伟", "phone": "0357-2012345",
    }  # fmt: skip
    refused = post_form(office, "/units/new", form)
    assert refused.status_code == 422
    assert "校验位错误" in refused.text
    assert 'value="临汾市尧都区城市建设投资有限公司"' in refused.text  # what was typed stays
    done = post_form(office, "/units/new", {**form, "credit_code": fresh_credit_code()})
    assert done.status_code == 303, done.text
    project_id = workbench_stack.register_project(project_unit=unit_id)
    page = office.get(f"/projects/{project_id}")
    assert "<dt>项目单位</dt><dd>临汾市尧都区城市建设投资有限公司</dd>" in page.text
