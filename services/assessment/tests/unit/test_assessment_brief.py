"""The monthly brief's content and documents, and the loud failure without a CJK font."""

from __future__ import annotations

import io
from datetime import date

import pytest
from docx import Document
from matplotlib import font_manager

from assessment.application import Assessment
from assessment.brief import charts
from assessment.brief.documents import render_docx, render_md
from contracts import issues as iss
from contracts import registry as reg
from services.assessment.tests.assessment_feeding import Feeder, feed_done_when


def test_brief_names_shortcomings_and_good_practice(app: Assessment, feeder: Feeder) -> None:
    projects = feed_done_when(feeder)
    feeder.feed(
        iss.IssueRaised(
            issue_id="i-1",
            project_id=projects["quwo"],
            county="quwo",
            category="land",
            title="征地拆迁未完成",
            level="county",
            assignee="quwo",
            deadline=date(2026, 3, 10),
            raised_on=date(2026, 2, 20),
            source="county",
        )
    )
    feeder.feed(iss.IssueSupervised(issue_id="i-1", reason="stalled", on=date(2026, 3, 20)))
    feeder.feed(
        reg.ApprovalSlaBreached(
            project_id=projects["houma"],
            county="houma",
            working_days_used=23,
            limit=20,
            as_of=date(2026, 3, 5),
        )
    )
    feeder.feed(reg.ApprovalStepRecorded(
        project_id=projects["houma"], county="houma", step="project_code",
        submitted_on=date(2026, 2, 1), working_days_used=23, limit=20,
    ))  # fmt: skip
    content, positions = app.brief_content("2026-03")
    assert [row.county for row in content.lagging] == ["houma", "huozhou", "quwo"]
    assert [issue.title for issue in content.overdue] == ["征地拆迁未完成"]
    assert [issue.title for issue in content.supervised] == ["征地拆迁未完成"]
    assert content.movers[0].name == "尧都区"
    text = render_md(content, version=None)
    assert "超期未解决问题 1 个" in text
    assert "13710系统督办中问题 1 个" in text
    assert "审批时限超期项目 1 个" in text
    assert "25.0%" in text  # 序时 for March, one decimal
    document = Document(io.BytesIO(render_docx(content, version=1)))
    paragraphs = "\n".join(p.text for p in document.paragraphs)
    assert "侯马市" in paragraphs
    assert "征地拆迁未完成" in paragraphs
    assert positions["KPD_ISSUES"] == 2


def test_charts_fail_loudly_without_a_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    monkeypatch.setattr(font_manager, "findSystemFonts", lambda: [])
    charts.ensure_cjk_font.cache_clear()
    try:
        with pytest.raises(charts.CjkFontMissingError, match="CJK"):
            charts.ensure_cjk_font()
    finally:
        charts.ensure_cjk_font.cache_clear()


def test_charts_find_fonts_installed_after_matplotlib_cached_its_list(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """fonts.sh may install the CJK fonts after matplotlib wrote its font cache."""
    on_disk = [p for p in font_manager.findSystemFonts() if "cjk" in p.lower()]
    if not on_disk:
        pytest.skip("no CJK font file on this machine (scripts/fonts.sh installs one)")
    monkeypatch.setattr(font_manager.fontManager, "ttflist", [])
    charts.ensure_cjk_font.cache_clear()
    try:
        assert "CJK" in charts.ensure_cjk_font()
    finally:
        charts.ensure_cjk_font.cache_clear()
