"""The brief in its downloadable forms: HTML (with the chart inline), Markdown, DOCX, PDF."""

from __future__ import annotations

import base64
import importlib.util
import io
from fractions import Fraction

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from markdown_it import MarkdownIt

from assessment.brief.charts import ensure_cjk_font, investment_chart
from assessment.brief.text import money, pct, points, pp, render_markdown
from assessment.domain.brief import BriefContent
from assessment.domain.months import parse_month

HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font-family: "{font}", sans-serif; max-width: 60em; margin: 2em auto; line-height: 1.6; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #999; padding: 0.2em 0.6em; }}
img {{ max-width: 100%; }}
</style></head><body>
{body}
</body></html>
"""

FORMATS = ("html", "md", "docx", "pdf")


def pdf_available() -> bool:
    return importlib.util.find_spec("weasyprint") is not None


def brief_title(content: BriefContent) -> str:
    year, number = parse_month(content.month)
    return f"临汾市重点工程项目专报({year}年{number}月)"


def render_html(content: BriefContent, version: int | None) -> str:
    chart = base64.b64encode(investment_chart(content.ranking)).decode("ascii")
    markdown = render_markdown(
        content, version=version, chart_markdown=f"![投资完成率图](data:image/png;base64,{chart})"
    )
    body = MarkdownIt("commonmark", {"html": False}).enable("table").render(markdown)
    return HTML_PAGE.format(title=brief_title(content), font=ensure_cjk_font(), body=body)


def render_md(content: BriefContent, version: int | None) -> str:
    return render_markdown(content, version=version)


def render_pdf(content: BriefContent, version: int | None) -> bytes:
    """PDF through WeasyPrint (the optional ``pdf`` extra); callers check :func:`pdf_available`."""
    import weasyprint  # type: ignore[import-not-found,unused-ignore]

    pdf: bytes = weasyprint.HTML(string=render_html(content, version)).write_pdf()
    return pdf


def render_docx(content: BriefContent, version: int | None) -> bytes:
    family = ensure_cjk_font()
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = family
    normal.font.size = Pt(11)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), family)
    document.add_heading(brief_title(content), level=0)
    document.add_paragraph("草稿,未发布" if version is None else f"第{version}版")

    document.add_heading("一、总体情况", level=1)
    document.add_paragraph(
        f"全市重点工程项目 {content.projects} 个;应开复工 {content.start_due} 个,"
        f"已开复工 {content.started} 个,开复工率 {pct(content.start_rate)};"
        f"累计完成投资 {money(content.completed)} 万元,占年度计划 {money(content.annual_plan)} "
        f"万元的 {pct(content.investment_rate)},序时进度 {pct(content.ranking.schedule)}。"
    )
    for held, series, decisions in content.meetings:
        document.add_paragraph(
            f"{held.month}月{held.day}日召开{series},交办事项 {decisions} 项。", style="List Bullet"
        )

    document.add_heading("二、分指挥部推进情况", level=1)
    _table(
        document,
        ["分指挥部", "项目数", "已开复工", "累计完成投资(万元)", "年度计划(万元)", "投资完成率"],
        [
            [
                s.name,
                str(s.projects),
                str(s.started),
                money(s.completed),
                money(s.annual_plan),
                pct(s.rate),
            ]
            for s in content.subcommands
        ],
    )

    document.add_heading("三、各县(市、区)排名", level=1)
    _table(
        document,
        ["排名", "县(市、区)", "开复工率", "投资完成率", "较序时(百分点)", "综合得分", "排名靠后"],
        [
            [
                str(r.rank),
                r.name,
                pct(r.start_rate),
                pct(r.investment_rate),
                pp(r.gap),
                points(r.score),
                "是" if r.low else "",
            ]
            for r in content.ranking.rows
        ],
    )
    if content.ranking.rows:
        document.add_picture(io.BytesIO(investment_chart(content.ranking)), width=Cm(16))

    document.add_heading("四、典型经验", level=1)
    for mover in content.movers:
        document.add_paragraph(
            f"{mover.name}:本月投资完成率提高 {pp(mover.gain)} 个百分点,"
            f"累计达到 {pct(mover.rate)}。",
            style="List Bullet",
        )
    if not content.movers:
        document.add_paragraph("本月暂无突出进展。")

    document.add_heading("五、短板问题", level=1)
    if content.lagging:
        names = "、".join(
            f"{r.name}(投资完成率 {pct(r.investment_rate)},"
            f"落后序时 {pp(-(r.gap or Fraction(0)))} 个百分点)"
            for r in content.lagging
        )
        document.add_paragraph(f"排名靠后、进度滞后的县(市、区):{names}。")
    for issue in content.overdue:
        document.add_paragraph(
            f"超期问题:{issue.title}({issue.county},{issue.level},限期 {issue.deadline})",
            style="List Bullet",
        )
    for issue in content.supervised:
        document.add_paragraph(f"13710督办:{issue.title}({issue.county})", style="List Bullet")
    for breach in content.breaches:
        document.add_paragraph(
            f"审批超时:{breach.project}({breach.county},"
            f"已用 {breach.days_used}/{breach.limit} 个工作日)",
            style="List Bullet",
        )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _table(document: DocxDocument, header: list[str], rows: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
