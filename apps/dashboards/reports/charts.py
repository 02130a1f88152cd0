"""The completion-by-child-unit chart embedded in the .docx and PDF.

Up to 30 children: the rollout's own horizontal bar chart (apps.dashboards.charts.children_png).
More (a province has 124 communes): one labelled bar per unit would make a page-high image
and take seconds to lay out, so a compact column chart sorted by completion is drawn instead
(fixed size, no automatic layout pass, unit labels only for the lowest few).
"""

import io
from collections.abc import Sequence
from typing import Any

from matplotlib import rc_context
from matplotlib.figure import Figure

from apps.dashboards.charts import children_png

MANY = 30
_STYLE: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 8,
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _colour(percent: float) -> str:
    if percent >= 100:
        return "#1e7b34"
    return "#b26a00" if percent >= 50 else "#b3261e"


def completion_chart_png(bars: Sequence[tuple[str, float]], *, title: str, dpi: int = 110) -> bytes:
    if not bars:
        return b""
    if len(bars) <= MANY:
        return children_png(bars, title=title, dpi=dpi)
    ordered = sorted(bars, key=lambda b: b[1])
    with rc_context(_STYLE):  # type: ignore[arg-type]
        fig = Figure(figsize=(7.5, 3.4))
        fig.subplots_adjust(left=0.08, right=0.98, top=0.88, bottom=0.12)
        ax = fig.add_subplot()
        values = [v for _, v in ordered]
        ax.bar(range(len(values)), values, color=[_colour(v) for v in values], width=0.85)
        ax.set_ylim(0, 100)
        ax.set_xlim(-1, len(values))
        ax.set_xticks([])
        ax.set_ylabel("Tỉ lệ hoàn thành (%)")
        ax.set_xlabel(f"{len(values)} đơn vị trực thuộc, xếp theo tỉ lệ tăng dần")
        ax.grid(axis="y", alpha=0.3)
        ax.set_title(
            f"{title} (thấp nhất: {ordered[0][0]} {ordered[0][1]:.1f}%)".replace(".", ","),
            loc="left",
            fontsize=9,
        )
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
