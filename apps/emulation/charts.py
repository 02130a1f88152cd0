"""A group's ranking as a chart (matplotlib SVG, rendered like the progress charts).

Up to `BARS_UP_TO` units: one bar per unit in rank order. Larger groups: the distribution of
totals (a histogram) beside the five best and the five worst — hundreds of bars say nothing.
"""

import html
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

OK, BAD, LINE = "#1e7b34", "#b3261e", "#0b4f9c"
_STYLE: Any = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.fonttype": "path",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _short(label: str, width: int = 42) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _svg(build: Callable[[], Figure], salt: str, title: str) -> str:
    """SVG text without metadata, scaled by the page, named for screen readers (DejaVu Sans
    ships inside matplotlib and text becomes paths: nothing is loaded at run time)."""
    buffer = io.StringIO()
    style: Any = {**_STYLE, "svg.hashsalt": salt}
    with rc_context(style):
        build().savefig(buffer, format="svg")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.DOTALL)
    return re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
        rf'<svg\1 class="chart" role="img" aria-label="{html.escape(title)}"',
        text,
        count=1,
    )


BARS_UP_TO = 30


def _bars(ax, rows: Sequence[tuple[str, float]], colour: str | list[str]) -> None:
    positions = list(range(len(rows)))
    ax.barh(positions, [v for _, v in rows], color=colour, height=0.7)
    ax.set_yticks(positions, [_short(n, 34) for n, _ in rows])
    ax.invert_yaxis()
    for y, (_, value) in zip(positions, rows, strict=True):
        ax.text(value + 0.5, y, f"{value:.2f}".replace(".", ","), va="center", fontsize=8)
    ax.grid(axis="x", alpha=0.3)


def _figure(rows: Sequence[tuple[str, float]], title: str, top: float) -> Figure:
    if len(rows) <= BARS_UP_TO:
        fig = Figure(figsize=(7.5, 1.0 + 0.28 * max(len(rows), 1)), layout="constrained")
        ax = fig.add_subplot()
        colours = [OK if i == 0 else LINE for i in range(len(rows))]
        _bars(ax, rows, colours)
        ax.set_xlim(0, max(top, max((v for _, v in rows), default=0)) * 1.1 or 1)
        ax.set_xlabel("Tổng điểm")
        ax.set_title(title, loc="left", fontsize=10)
        return fig
    fig = Figure(figsize=(9.5, 4.2), layout="constrained")
    left, right = fig.subplots(1, 2, width_ratios=[1, 1.2])
    left.hist([v for _, v in rows], bins=20, color=LINE, alpha=0.85)
    left.set_xlabel("Tổng điểm")
    left.set_ylabel("Số đơn vị")
    left.set_title(f"Phân bố điểm của {len(rows)} đơn vị", loc="left", fontsize=9)
    extremes = [*rows[:5], *rows[-5:]]
    _bars(right, extremes, [OK] * 5 + [BAD] * 5)
    right.set_title("5 đơn vị dẫn đầu và 5 đơn vị cuối bảng", loc="left", fontsize=9)
    fig.suptitle(title, x=0.01, ha="left", fontsize=10)
    return fig


def ranking_svg(rows: Sequence[tuple[str, float]], *, title: str, top: float = 100) -> str:
    """`rows`: (unit name, total) in rank order."""
    if not rows:
        return ""
    return _svg(lambda: _figure(rows, title, top), "ranking", title)
