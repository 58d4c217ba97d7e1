"""Figures, the printed table and the JSON written under bench/results/."""

from __future__ import annotations

import json
import math
import os
import platform
import shlex
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS_DIR = Path(__file__).resolve().parent / "results"


@dataclass
class Figure:
    """One measured figure, its baseline from the same run, and how to rerun it."""

    key: str
    label: str
    value: float | None
    unit: str
    rerun: str
    baseline: float | None = None
    baseline_label: str = ""
    target: str = ""
    target_met: bool | None = None
    note: str = ""
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.value is None or not self.baseline or math.isnan(self.baseline):
            return None
        return self.value / self.baseline


def rerun_command(group: str, *, quick: bool, backend: str | None = None) -> str:
    """The shell command that measures ``group`` again (same mode, same backend)."""
    parts = ["uv", "run", "python", "-m", "bench", "--only", group]
    if quick:
        parts.append("--quick")
    if backend:
        parts += ["--backend", backend]
    return shlex.join(parts)


def _number(value: float | None, unit: str = "") -> str:
    if value is None or math.isnan(value):
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def render_table(figures: list[Figure]) -> str:
    """A plain-text table: figure, value, baseline, ratio, target; rerun commands below rows."""
    header = ("指标 figure", "数值 value", "基线 baseline", "比值 ratio", "目标 target")
    rows: list[tuple[str, ...]] = []
    for fig in figures:
        ratio = fig.ratio
        mark = {True: " ✓", False: " ✗", None: ""}[fig.target_met]
        value = _number(fig.value, fig.unit)
        if fig.note:
            value = fig.note if fig.value is None else f"{value} ({fig.note})"
        baseline = _number(fig.baseline)
        if fig.baseline_label:
            baseline += f" ({fig.baseline_label})"
        rows.append(
            (
                fig.label,
                value,
                baseline if fig.baseline is not None else "—",
                "—" if ratio is None else f"{ratio:.2f}",
                (fig.target + mark).strip() or "—",
            )
        )
    widths = [max(_width(r[i]) for r in [header, *rows]) for i in range(len(header))]
    lines = [_line(header, widths), "  ".join("-" * w for w in widths)]
    for index, (fig, row) in enumerate(zip(figures, rows, strict=True)):
        lines.append(_line(row, widths))
        # One rerun line under each run of figures that the same command measures.
        if index + 1 == len(figures) or figures[index + 1].rerun != fig.rerun:
            lines.append(f"    ↻ {fig.rerun}")
    return "\n".join(lines)


def _width(text: str) -> int:
    # CJK characters take two terminal columns.
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _line(cells: tuple[str, ...], widths: list[int]) -> str:
    return "  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(cells, widths, strict=True))


def write_results(figures: list[Figure], *, quick: bool, only: list[str], seconds: float) -> Path:
    """Write the run's figures as JSON; returns the file written."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    name = "quick" if quick else "full"
    if only:
        name += "-" + "-".join(sorted(only))
    path = RESULTS_DIR / f"{name}.json"
    document = {
        "mode": "quick" if quick else "full",
        "comparable": not quick,
        "only": sorted(only),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "seconds": round(seconds, 1),
        "host": {
            "cpus": os.cpu_count(),
            "load_average": list(os.getloadavg()),
            "python": platform.python_version(),
            "platform": platform.platform(),
        },
        "figures": [{**asdict(fig), "ratio": fig.ratio} for fig in figures],
    }
    text = json.dumps(_finite(document), ensure_ascii=False, indent=1, default=str)
    path.write_text(text + "\n")
    return path


def _finite(value: Any) -> Any:
    """NaN and infinities become null: the file stays strict JSON."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
