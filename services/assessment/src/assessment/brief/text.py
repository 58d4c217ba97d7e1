"""The brief as Markdown (the source of the HTML form too)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from importlib import resources

from jinja2 import Environment, StrictUndefined

from assessment.domain.brief import BriefContent
from assessment.domain.months import as_percent, parse_month


def pct(value: Fraction | None) -> str:
    """A rate as a percentage with one decimal; 不适用 when it does not apply."""
    if value is None:
        return "不适用"
    return f"{as_percent(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}%"


def pp(value: Fraction | None) -> str:
    if value is None:
        return "—"
    return f"{as_percent(value).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"


def points(value: Fraction) -> str:
    return f"{as_percent(value / 100).quantize(Decimal('0.1'), rounding=ROUND_HALF_UP)}"


def money(value: Decimal) -> str:
    return f"{value:.4f}"


# Markdown, not HTML: the HTML form escapes raw HTML when markdown-it renders it (html=False).
_env = Environment(autoescape=False, undefined=StrictUndefined, keep_trailing_newline=True)  # noqa: S701
_template = _env.from_string(
    resources.files("assessment.brief").joinpath("templates/brief.md.j2").read_text("utf-8")
)


def render_markdown(content: BriefContent, *, version: int | None, chart_markdown: str = "") -> str:
    """The brief in Markdown; ``chart_markdown`` is an image reference placed under the ranking."""
    year, number = parse_month(content.month)
    return _template.render(
        c=content,
        year=year,
        number=number,
        draft=version is None,
        version=version,
        chart=chart_markdown,
        pct=pct,
        pp=pp,
        points=points,
        money=money,
    )
