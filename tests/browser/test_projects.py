"""项目库 in chromium: the office registers a project through the form, files its monthly
report with a site photo and sees the thumbnail; a county reads its library and a
project's page on a phone without the page overflowing."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from pathlib import Path

import httpx
import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from tests.browser.signing import sign_in
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats, pytest.mark.browser]
Shot = Callable[[Page, str], Path]
PHONE_WIDTH = 390


def _jpeg(path: Path) -> Path:
    picture = Image.new("RGB", (800, 600), (90, 140, 60))
    for x in range(0, 800, 40):
        for y in range(300, 600):
            picture.putpixel((x, y), (200, 190, 170))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue() + uuid.uuid4().bytes)  # unique bytes, same picture
    return path


def _wait_for_row(page: Page, project_id: str) -> None:
    """Reload until the library (a read model) lists the project."""
    row = page.locator(f'tr[data-project="{project_id}"]')
    for _ in range(40):
        if row.count():
            return
        page.wait_for_timeout(250)
        page.reload()
    expect(row).to_be_visible()


def _no_sideways_scroll(page: Page) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE_WIDTH, f"the page is {width}px wide on a {PHONE_WIDTH}px phone"


def test_office_registers_and_reports_with_a_photo(
    workbench_stack: WorkbenchStack, page: Page, screenshot: Shot, tmp_path: Path
) -> None:
    name = f"浏览器登记汾河生态修复工程-{uuid.uuid4().hex[:6]}"
    batch = uuid.uuid4().hex[:6]
    seeded = [
        workbench_stack.register_project(
            name=f"{title}-{batch}", county=county, project_unit=f"unit-{county}-001", sector=sector
        )
        for title, county, sector in (
            ("尧都区城市综合管廊二期", "yaodu", "municipal"),
            ("侯马市北环路改造", "houma", "transport"),
            ("曲沃县人民医院新院区", "quwo", "health"),
        )
    ]
    sign_in(page, workbench_stack, "office")
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="项目库").click()
    expect(page.get_by_role("heading", name="项目库")).to_be_visible()
    page.get_by_label("项目名称").fill(batch)
    page.get_by_role("button", name="筛选").click()
    for project_id in seeded:
        _wait_for_row(page, project_id)
    expect(page.locator("tbody")).to_contain_text("民生项目分指挥部")
    screenshot(page, "projects-list")

    page.get_by_role("link", name="登记项目", exact=True).click()
    page.get_by_label("项目名称").fill(name)
    page.get_by_label("县（市、区）").select_option(label="尧都区")
    page.get_by_label("行业（决定所属分指挥部）").select_option("ecology")
    page.get_by_label("项目单位编码").fill("unit-yaodu-001")
    page.get_by_label("总投资（万元）").fill("abc")
    page.get_by_label("年度计划投资（万元）").fill("6000")
    page.get_by_label("计划开工日期").fill("2026-04-01")
    page.get_by_label("计划竣工日期").fill("2027-10-31")
    page.get_by_role("button", name="登记").click()
    # A wrong amount comes back at its field, with everything typed still there.
    expect(page.locator(".has-error").get_by_text("总投资（万元）")).to_be_visible()
    expect(page.get_by_label("项目名称")).to_have_value(name)
    screenshot(page, "projects-new-error")
    page.get_by_label("总投资（万元）").fill("48000")
    page.get_by_role("button", name="登记").click()

    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("已登记项目")
    expect(page.locator("#facts")).to_contain_text("生态、教育、农业农村、水利项目分指挥部")
    expect(page.locator("#facts")).to_contain_text("48,000.0000 万元")

    page.get_by_role("link", name="填报月度进度").click()
    page.get_by_label("填报月份").fill("2026-05")
    page.get_by_label("本月完成投资（万元）").fill("1250")
    page.get_by_label("形象进度").fill("河道清淤完成 40%，生态护岸施工中")
    page.locator('input[name="photos"]').set_input_files(str(_jpeg(tmp_path / "site.jpg")))
    screenshot(page, "projects-report")
    page.get_by_role("button", name="提交填报").click()

    expect(page.get_by_role("status")).to_contain_text("照片 1 张")
    thumbnail = page.locator("#reports .thumbs img").first
    expect(thumbnail).to_be_visible()
    # Visible is not loaded: wait for the image itself (0 if it fails to load).
    loaded = thumbnail.evaluate(
        """img => img.complete ? img.naturalWidth : new Promise(done => {
            img.addEventListener("load", () => done(img.naturalWidth), {once: true});
            img.addEventListener("error", () => done(0), {once: true});
        })"""
    )
    assert loaded == 320, "the thumbnail did not load through the workbench"
    expect(page.locator("#history")).to_contain_text("填报 2026-05 月度进度")
    screenshot(page, "projects-detail")

    page.get_by_role("link", name="阶段变更").click()
    page.get_by_label("变更为").select_option(label="已开工")
    page.get_by_label("日期").fill("2026-04-08")
    screenshot(page, "projects-stage")
    page.get_by_role("button", name="确认变更").click()
    expect(page.get_by_role("status")).to_contain_text("建设阶段已变更为已开工")

    page.get_by_role("link", name="登记审批环节").click()
    page.get_by_label("审批环节").select_option(label="施工许可")
    page.get_by_label("受理日期").fill("2026-04-01")
    screenshot(page, "projects-approval")
    page.get_by_role("button", name="登记", exact=True).click()
    expect(page.locator("#approvals")).to_contain_text("施工许可")


def test_county_library_and_project_on_a_phone(
    workbench_stack: WorkbenchStack, phone_page: Page, screenshot: Shot
) -> None:
    name = f"手机查看侯马经济开发区标准化厂房及配套基础设施建设项目-{uuid.uuid4().hex[:6]}"
    project_id = workbench_stack.register_project(
        name=name, county="houma", project_unit="unit-houma-001", sector="manufacturing"
    )
    answer = httpx.post(
        f"{workbench_stack.service_url('registry')}/v1/projects/{project_id}/reports",
        json={"month": "2026-04", "investment_completed": "800", "physical_progress": "厂房封顶"},
        headers=workbench_stack.suite.headers(),
        timeout=10,
    )
    assert answer.status_code == 200, answer.text
    page = phone_page
    sign_in(page, workbench_stack, "county", "houma")
    page.goto(workbench_stack.url + "/projects?q=" + name[-6:])
    _wait_for_row(page, project_id)
    row = page.locator(f'tr[data-project="{project_id}"]')
    expect(row).to_contain_text("侯马市")
    _no_sideways_scroll(page)
    screenshot(page, "projects-list-phone")

    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=name)).to_be_visible()
    expect(page.locator("#reports")).to_contain_text("厂房封顶")
    _no_sideways_scroll(page)
    screenshot(page, "projects-detail-phone")
