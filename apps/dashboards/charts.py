"""Progress charts rendered on the server by matplotlib: SVG for pages, PNG for documents.

The object-oriented API (`Figure`, no pyplot) keeps rendering thread-safe and needs no display.
DejaVu Sans ships inside matplotlib, so Vietnamese diacritics render offline; SVG text is
converted to paths (`svg.fonttype: path`) so the browser needs no font either. Renderers take
plain values (never a queryset) and cache nothing between requests.
"""

import datetime
import html
import io
import re
from collections.abc import Callable, Sequence
from typing import Any

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.dates import AutoDateLocator, DateFormatter, DayLocator, date2num  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import PercentFormatter  # noqa: E402

from apps.common.svg import svg_without_inline_styles  # noqa: E402

OK, WARN, BAD, LINE = "#1e7b34", "#b26a00", "#b3261e", "#0b4f9c"

_STYLE: Any = {  # rcParams (typed Any: the stubs list every key as a Literal)
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "svg.fonttype": "path",
    "axes.spines.top": False,
    "axes.spines.right": False,
}


def _colour(percent: float) -> str:
    if percent >= 100:
        return OK
    return WARN if percent >= 50 else BAD


def _short(label: str, width: int = 42) -> str:
    return label if len(label) <= width else label[: width - 1] + "…"


def _completion_figure(points: Sequence[tuple[datetime.date, float]], title: str) -> Figure:
    fig = Figure(figsize=(7.5, 3.2), layout="constrained")
    ax = fig.add_subplot()
    days = [d for d, _ in points]
    x = [float(v) for v in date2num(days)]
    values = [v for _, v in points]
    ax.plot(x, values, color=LINE, linewidth=2, marker="o" if len(points) < 40 else None)
    ax.fill_between(x, values, color=LINE, alpha=0.08)
    ax.set_ylim(0, 100)
    ax.yaxis.set_major_formatter(PercentFormatter(decimals=0))
    first, last = min(days), max(days)
    if first == last:
        ax.set_xlim(min(x) - 1, max(x) + 1)
    span = max((last - first).days, 2)
    if span <= 21:
        ax.xaxis.set_major_locator(DayLocator(interval=max(1, span // 7)))
    else:
        ax.xaxis.set_major_locator(AutoDateLocator(maxticks=8))
    ax.xaxis.set_major_formatter(DateFormatter("%d/%m"))
    ax.grid(axis="y", alpha=0.3)
    ax.set_title(title, loc="left", fontsize=10)
    ax.set_ylabel("Tỉ lệ hoàn thành (lũy kế)")
    return fig


def _children_figure(bars: Sequence[tuple[str, float]], title: str) -> Figure:
    height = 1.0 + 0.26 * max(len(bars), 1)
    fig = Figure(figsize=(7.5, height), layout="constrained")
    ax = fig.add_subplot()
    labels = [_short(name) for name, _ in bars]
    values = [v for _, v in bars]
    positions = list(range(len(bars)))
    ax.barh(positions, values, color=[_colour(v) for v in values], height=0.7)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.grid(axis="x", alpha=0.3)
    for y, value in zip(positions, values, strict=True):
        ax.text(min(value, 100) + 1, y, f"{value:.1f}%".replace(".", ","), va="center")
    ax.set_title(title, loc="left", fontsize=10)
    return fig


def _svg(build: Callable[[], Figure], salt: str, title: str) -> str:
    buffer = io.StringIO()
    style: Any = {**_STYLE, "svg.hashsalt": salt}  # stable ids, distinct per chart
    with rc_context(style):
        fig = build()
        fig.savefig(buffer, format="svg")
    text = buffer.getvalue()
    text = text[text.index("<svg") :]
    text = re.sub(r"\s*<metadata>.*?</metadata>", "", text, count=1, flags=re.DOTALL)
    text = svg_without_inline_styles(text)  # inlined in pages under a strict CSP
    # Scale with the page (the viewBox keeps the proportions) and name the image.
    return re.sub(
        r'<svg([^>]*?) width="[^"]*" height="[^"]*"',
        rf'<svg\1 class="chart" role="img" aria-label="{html.escape(title)}"',
        text,
        count=1,
    )


def _png(build: Callable[[], Figure], dpi: int) -> bytes:
    buffer = io.BytesIO()
    with rc_context(_STYLE):
        fig = build()
        fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def completion_svg(
    points: Sequence[tuple[datetime.date, float]], *, title: str = "Tiến độ hoàn thành theo ngày"
) -> str:
    """Line of the cumulative % done per day; `points` are (day, percent 0–100)."""
    if not points:
        return ""
    return _svg(lambda: _completion_figure(points, title), "completion", title)


def completion_png(
    points: Sequence[tuple[datetime.date, float]],
    *,
    title: str = "Tiến độ hoàn thành theo ngày",
    dpi: int = 150,
) -> bytes:
    return _png(lambda: _completion_figure(points, title), dpi) if points else b""


def children_svg(
    bars: Sequence[tuple[str, float]], *, title: str = "Tỉ lệ hoàn thành theo đơn vị"
) -> str:
    """Horizontal bars of % done per child unit; `bars` are (unit name, percent 0–100)."""
    if not bars:
        return ""
    return _svg(lambda: _children_figure(bars, title), "children", title)


def children_png(
    bars: Sequence[tuple[str, float]],
    *,
    title: str = "Tỉ lệ hoàn thành theo đơn vị",
    dpi: int = 150,
) -> bytes:
    return _png(lambda: _children_figure(bars, title), dpi) if bars else b""
