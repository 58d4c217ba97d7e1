"""项目导入 in chromium: the office downloads the template from the project library,
fills it, uploads it and sees the projects stored; a workbook with a bad row is
refused with the row and column named, and nothing is stored."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.browser.signing import sign_in
from tests.workbench_support import WorkbenchStack

pytestmark = [pytest.mark.nats, pytest.mark.browser]
Shot = Callable[[Page, str], Path]


def _filled(template: Path, out: Path, names: list[str], bad_county: bool = False) -> Path:
    book = load_workbook(template)
    sheet = book["项目"]
    for number, name in enumerate(names):
        county = "不存在县" if bad_county and number == 1 else "尧都区"
        sheet.append([
            name, county, "交通", "市级重点", 2026, "unit-yaodu-001", 1200.5, 300,
            date(2026, 3, 1), date(2027, 12, 31), "是", "否",
        ])  # fmt: skip
    book.save(out)
    return out


def test_the_office_imports_the_year_list_from_excel(
    page: Page, workbench_stack: WorkbenchStack, screenshot: Shot, tmp_path: Path
) -> None:
    sign_in(page, workbench_stack, "office")
    page.goto(workbench_stack.url + "/projects")
    page.get_by_role("link", name="从 Excel 导入").click()
    with page.expect_download() as download:
        page.get_by_role("link", name="下载项目导入模板（.xlsx）").click()
    assert download.value.suggested_filename == "重点项目导入模板.xlsx"
    template = tmp_path / "template.xlsx"
    download.value.save_as(template)
    tag = uuid.uuid4().hex[:6]

    bad = _filled(template, tmp_path / "bad.xlsx", [f"坏表{tag}-1", f"坏表{tag}-2"], True)
    page.get_by_label("导入文件").set_input_files(str(bad))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_role("alert")).to_contain_text("未导入任何项目", timeout=20_000)
    row = page.get_by_role("row").filter(has_text="县（市、区）")
    expect(row).to_contain_text("3")
    expect(row).to_contain_text("不在可选列表中")
    screenshot(page, "project-import-refused")

    page.goto(workbench_stack.url + "/projects/import")
    good = _filled(template, tmp_path / "good.xlsx", [f"导入{tag}-{n}" for n in range(3)])
    page.get_by_label("导入文件").set_input_files(str(good))
    page.get_by_role("button", name="上传并导入").click()
    expect(page.get_by_role("status")).to_contain_text("新登记 3 个项目", timeout=20_000)
    screenshot(page, "project-import-done")
    page.goto(f"{workbench_stack.url}/projects?q=导入{tag}")
    expect(page.get_by_role("link", name=f"导入{tag}-0")).to_be_visible(timeout=20_000)
    expect(page.get_by_role("link", name=f"坏表{tag}-1")).to_have_count(0)
