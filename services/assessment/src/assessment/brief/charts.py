"""Charts for the brief (matplotlib, no GUI). Chinese labels need a CJK font."""

from __future__ import annotations

import io
from fractions import Fraction
from functools import lru_cache

import matplotlib

matplotlib.use("Agg")

from matplotlib import font_manager
from matplotlib.figure import Figure

from assessment.domain.months import as_percent
from assessment.domain.ranking import Ranking

PREFERRED_FONTS = (
    "Noto Sans CJK SC",
    "Noto Serif CJK SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
)


class CjkFontMissingError(RuntimeError):
    """No CJK font is installed: Chinese text would render as empty boxes."""


@lru_cache(maxsize=1)
def ensure_cjk_font() -> str:
    """The CJK font family the charts use; raises when the machine has none."""
    family = _cjk_family()
    if family is None:
        # matplotlib keeps its font list in a cache written before fonts.sh may have
        # installed the CJK fonts: look at the files on disk once before giving up.
        for path in font_manager.findSystemFonts():
            if "cjk" in path.lower():
                font_manager.fontManager.addfont(path)
        family = _cjk_family()
    if family is not None:
        return family
    raise CjkFontMissingError(
        "未找到中文(CJK)字体,无法生成中文专报图表;请运行 make(scripts/fonts.sh)安装 "
        "fonts-noto-cjk / no CJK font found: install fonts-noto-cjk (scripts/fonts.sh)"
    )


def _cjk_family() -> str | None:
    names = {entry.name for entry in font_manager.fontManager.ttflist}
    for family in PREFERRED_FONTS:
        if family in names:
            return family
    found = sorted(name for name in names if "CJK" in name or "Hei" in name or "Song" in name)
    return found[0] if found else None


def investment_chart(ranking: Ranking) -> bytes:
    """Bar chart: each county's investment completion (%) against the 序时 line, as PNG."""
    family = ensure_cjk_font()
    figure = Figure(figsize=(8, 4.2), dpi=110)
    axes = figure.add_subplot()
    names = [row.name for row in ranking.rows]
    values = [float(as_percent(row.investment_rate or Fraction(0))) for row in ranking.rows]
    colours = ["#c0392b" if row.low else "#2e86c1" for row in ranking.rows]
    axes.bar(names, values, color=colours)
    schedule = float(as_percent(ranking.schedule))
    axes.axhline(schedule, color="#e67e22", linestyle="--", label=f"序时进度 {schedule:.1f}%")
    axes.set_ylabel("投资完成率(%)", family=family)
    axes.set_title(f"{ranking.month} 各县(市、区)投资完成率", family=family)
    for label in axes.get_xticklabels():
        label.set_fontfamily(family)
        label.set_rotation(30 if len(names) > 6 else 0)
    axes.legend(prop={"family": family})
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()
