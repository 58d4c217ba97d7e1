"""项目库 forms on the running stack: registering a project, a monthly report with a
photo (and the photo proxy), a stage change and an approval step; refusals shown at
their fields with what was typed kept."""

from __future__ import annotations

import hashlib
import io
import re
import uuid

import httpx
import pytest
from PIL import Image

from tests.workbench.projects_support import register, rows, unique
from tests.workbench_support import WorkbenchStack, csrf_of, post_form

pytestmark = [pytest.mark.nats]


def _form(name: str, **overrides: str) -> dict[str, str]:
    return {
        "name": name,
        "county": "yaodu",
        "sector": "water",
        "level": "provincial",
        "year": "2026",
        "project_unit": "unit-yaodu-001",
        "total_investment": "56000.5",
        "annual_planned_investment": "8000",
        "planned_start": "2026-04-01",
        "planned_completion": "2028-06-30",
        "is_new": "true",
        "is_industrial": "false",
        **overrides,
    }


def test_register_through_the_form_then_the_page_shows_it(
    workbench_stack: WorkbenchStack,
) -> None:
    office = workbench_stack.signed_in("office")
    form = office.get("/projects/new")
    assert form.status_code == 200
    assert "水利（生态、教育、农业农村、水利项目分指挥部）" in form.text  # policy sectors, named

    name = f"表单登记水库工程-{unique()}"
    answer = post_form(office, "/projects/new", _form(name))
    assert answer.status_code == 303, answer.text
    target = answer.headers["location"]
    assert target.startswith("/projects/")
    assert "notice=" in target
    page = office.get(target)
    assert page.status_code == 200
    assert name in page.text
    assert "已登记项目" in page.text  # the one-time notice
    assert "56,000.5000" in page.text
    assert "省级重点" in page.text
    assert "生态、教育、农业农村、水利项目分指挥部" in page.text


def test_a_bad_amount_is_shown_at_its_field_and_the_typing_kept(
    workbench_stack: WorkbenchStack,
) -> None:
    county = workbench_stack.signed_in("county", "yaodu")
    name = f"金额有误项目-{unique()}"
    answer = post_form(county, "/projects/new", _form(name, total_investment="-5"))
    assert answer.status_code == 422
    html = answer.text
    assert f'value="{name}"' in html  # what was typed is still there
    assert 'value="-5"' in html
    error = re.search(r'<label class="field has-error">总投资（万元）.*?</label>', html, re.S)
    assert error, "no error at the total investment field"
    assert "field-error" in error.group(0)
    assert 'has-error">项目名称' not in html
    office = workbench_stack.signed_in("office")
    assert rows(office.get("/projects", params={"q": name}).text) == []


def test_roles_that_may_not_register_are_not_offered_the_form(
    workbench_stack: WorkbenchStack,
) -> None:
    leader = workbench_stack.signed_in("leader", "leader-demo")
    library = leader.get("/projects")
    assert library.status_code == 200
    assert 'href="/projects/new"' not in library.text
    refused = leader.get("/projects/new")
    assert refused.status_code == 403
    assert "无权登记项目" in refused.text


def _jpeg(seed: int) -> bytes:
    """A small real JPEG, different for each seed (photos are content-addressed)."""
    picture = Image.new("RGB", (640, 480), (seed % 256, 120, 200))
    picture.putpixel((seed % 640, 7), (255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    return buffer.getvalue()


def _post_report(
    client: httpx.Client, path: str, data: dict[str, object], files: object = None
) -> httpx.Response:
    token = csrf_of(client.get(path).text)
    return client.post(path, data={**data, "csrf_token": token}, files=files)


def test_a_report_with_a_photo_shows_its_thumbnail(workbench_stack: WorkbenchStack) -> None:
    project_id = register(workbench_stack, f"照片填报项目-{unique()}")
    county = workbench_stack.signed_in("county", "yaodu")
    photo = _jpeg(uuid.uuid4().int)
    digest = hashlib.sha256(photo).hexdigest()
    form = f"/projects/{project_id}/reports/new"
    report = {"month": "2026-13", "investment_completed": "350.5", "physical_progress": "桩基完成"}

    refused = _post_report(county, form, report, {"photos": ("site.jpg", photo, "image/jpeg")})
    assert refused.status_code == 422
    assert re.search(r'<label class="field has-error">填报月份', refused.text)
    assert 'value="350.5"' in refused.text
    # The photo went up already: it rides along, so it need not be chosen again.
    assert f'name="uploaded_photos" value="photo:{digest}"' in refused.text

    filed = _post_report(
        county, form, {**report, "month": "2026-05", "uploaded_photos": f"photo:{digest}"}
    )
    assert filed.status_code == 303, filed.text
    page = county.get(filed.headers["location"]).text
    assert "已填报 2026-05 月度进度，照片 1 张" in page
    assert f'src="/photos/{digest}/thumbnail"' in page
    assert "桩基完成" in page
    assert "350.5000" in page

    thumbnail = county.get(f"/photos/{digest}/thumbnail")
    assert thumbnail.status_code == 200
    assert thumbnail.headers["content-type"] == "image/jpeg"
    assert thumbnail.content.startswith(b"\xff\xd8")
    assert Image.open(io.BytesIO(thumbnail.content)).size == (320, 240)
    full = county.get(f"/photos/{digest}")
    assert full.status_code == 200
    assert full.content == photo
    assert county.get(f"/photos/{'0' * 64}").status_code == 404
    assert county.get("/photos/not-a-digest/thumbnail").status_code == 422
    assert workbench_stack.client().get(f"/photos/{digest}").status_code == 303  # sign in first


def test_a_photo_that_is_no_image_is_refused_at_the_photo_field(
    workbench_stack: WorkbenchStack,
) -> None:
    project_id = register(workbench_stack, f"非图片照片项目-{unique()}")
    office = workbench_stack.signed_in("office")
    form = f"/projects/{project_id}/reports/new"
    report = {"month": "2026-04", "investment_completed": "10"}
    files = {"photos": ("notes.jpg", b"%PDF-1.7 not a picture", "image/jpeg")}
    refused = _post_report(office, form, report, files)
    assert refused.status_code == 422
    field = re.search(r'<label class="field has-error">现场照片.*?</label>', refused.text, re.S)
    assert field, "no error at the photo field"
    assert "notes.jpg" in field.group(0)
    page = office.get(f"/projects/{project_id}").text
    assert "尚未填报月度进度" in page  # nothing was filed


def test_stage_and_approval_forms(workbench_stack: WorkbenchStack) -> None:
    project_id = register(workbench_stack, f"阶段审批表单项目-{unique()}")
    county = workbench_stack.signed_in("county", "yaodu")
    stage_form = f"/projects/{project_id}/stage"

    illegal = post_form(county, stage_form, {"stage": "completed", "on": "2026-03-10"})
    assert illegal.status_code == 422
    assert "不能从前期变为竣工" in illegal.text  # the registry's reason, above the form
    assert 'value="2026-03-10"' in illegal.text

    started = post_form(county, stage_form, {"stage": "started", "on": "2026-03-10"})
    assert started.status_code == 303, started.text
    page = county.get(started.headers["location"]).text
    assert "建设阶段已变更为已开工（2026-03-10）" in page

    approval_form = f"/projects/{project_id}/approvals/new"
    recorded = post_form(
        county,
        approval_form,
        {"step": "construction_permit", "submitted_on": "2026-03-02", "granted_on": ""},
    )
    assert recorded.status_code == 303, recorded.text
    page = county.get(recorded.headers["location"]).text
    assert "已登记审批环节：施工许可受理" in page
    assert "办理中" in page

    auditor = workbench_stack.signed_in("auditor")
    read_only = auditor.get(f"/projects/{project_id}").text
    assert "施工许可" in read_only
    assert stage_form not in read_only
    assert approval_form not in read_only
    assert auditor.get(stage_form).status_code == 403
