"""Progress charts rendered on the server by matplotlib: SVG for pages, PNG for documents.

The object-oriented API (`Figure`, no pyplot) keeps rendering thread-safe and needs no display.
DejaVu Sans ships inside matplotlib, so Vietnamese diacritics render offline; SVG text is
converted to paths (`svg.fonttype: path`) so the browser needs no font either. Renderers take
plain values (never a queryset); the image of the same values is cached for
`CHART_CACHE_SECONDS` in memory, so a page reloaded every 30 s does not redraw it.
"""

import datetime
import hashlib
import html
import io
import re
import threading
import time
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
CHART_CACHE_SECONDS = 600

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


# Above this many units one bar per unit stops being readable (the province has 124 communes:
# 131 bars were 3,550 px high and took 2 s): the chart shows how the units are distributed by
# share done, then the worst and the best units by name.
MANY = 25
WORST, BEST = 10, 5
BINS = [(0, 10), (10, 20), (20, 30), (30, 40), (40, 50), (50, 60), (60, 70), (70, 80), (80, 90)]


def distribution(values: Sequence[float]) -> list[tuple[str, int]]:
    """(label, number of units) per 10-point band of share done, then "90–<100" and "100%"."""
    counts = [0] * (len(BINS) + 2)
    for v in values:
        if v >= 100:
            counts[-1] += 1
        elif v >= 90:
            counts[-2] += 1
        else:
            counts[int(max(v, 0) // 10)] += 1
    labels = [f"{lo}–{hi}" for lo, hi in BINS] + ["90–<100", "100"]
    return list(zip(labels, counts, strict=True))


def _bars(ax: Any, bars: Sequence[tuple[str, float]]) -> None:
    labels = [_short(name) for name, _ in bars]
    values = [v for _, v in bars]
    positions = list(range(len(bars)))
    ax.barh(positions, values, color=[_colour(v) for v in values], height=0.7)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 112)
    ax.xaxis.set_major_formatter(PercentFormatter(decimals=0))
    ax.set_xticks([0, 25, 50, 75, 100])
    ax.grid(axis="x", alpha=0.3)
    for y, value in zip(positions, values, strict=True):
        ax.text(min(value, 100) + 1, y, f"{value:.1f}%".replace(".", ","), va="center")


def _children_figure(bars: Sequence[tuple[str, float]], title: str) -> Figure:
    if len(bars) <= MANY:
        height = 1.0 + 0.26 * max(len(bars), 1)
        fig = Figure(figsize=(7.5, height), layout="constrained")
        ax = fig.add_subplot()
        _bars(ax, bars)
        ax.set_title(title, loc="left", fontsize=10)
        return fig
    ordered = sorted(bars, key=lambda b: (b[1], b[0]))
    worst = ordered[:WORST]
    best = ordered[-BEST:][::-1]
    fig = Figure(figsize=(7.5, 7.2))  # fixed size, manual layout: no layout pass
    top, middle, bottom = fig.subplots(
        3, 1, gridspec_kw={"height_ratios": [2.2, WORST, BEST], "hspace": 0.55}
    )
    fig.subplots_adjust(left=0.36, right=0.97, top=0.9, bottom=0.05)
    dist = distribution([v for _, v in bars])
    xs = list(range(len(dist)))
    top.bar(
        xs,
        [n for _, n in dist],
        color=[BAD] * 5 + [WARN] * 5 + [OK],
        width=0.8,
    )
    top.set_xticks(xs, [label for label, _ in dist], fontsize=7)
    for x, (_, n) in zip(xs, dist, strict=True):
        if n:
            top.text(x, n, str(n), ha="center", va="bottom", fontsize=7)
    top.set_ylabel("Số đơn vị")
    top.set_title(
        f"{title}\nPhân bố {len(bars)} đơn vị theo tỉ lệ hoàn thành (%)", loc="left", fontsize=10
    )
    _bars(middle, worst)
    middle.set_title(f"{len(worst)} đơn vị thấp nhất", loc="left", fontsize=9)
    _bars(bottom, best)
    bottom.set_title(f"{len(best)} đơn vị cao nhất", loc="left", fontsize=9)
    return fig


_drawn: dict[str, tuple[float, Any]] = {}
_drawn_lock = threading.Lock()
CHART_CACHE_ENTRIES = 64


def cached(kind: str, key: Any, render: Callable[[], Any]) -> Any:
    """Charts are pure functions of their values: the same values are drawn once per
    `CHART_CACHE_SECONDS` in each process (a changed figure is a new key). Kept in memory, not
    in the database cache: renderers must not query, and an image is cheap to redraw."""
    digest = hashlib.sha256(repr((kind, key)).encode()).hexdigest()
    now = time.monotonic()
    with _drawn_lock:
        hit = _drawn.get(digest)
        if hit is not None and now - hit[0] < CHART_CACHE_SECONDS:
            return hit[1]
    found = render()
    with _drawn_lock:
        if len(_drawn) >= CHART_CACHE_ENTRIES:
            for old in sorted(_drawn, key=lambda k: _drawn[k][0])[: CHART_CACHE_ENTRIES // 4]:
                del _drawn[old]
        _drawn[digest] = (now, found)
    return found


def clear_cache() -> None:
    with _drawn_lock:
        _drawn.clear()


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
    return str(
        cached(
            "completion.svg",
            (tuple(points), title),
            lambda: _svg(lambda: _completion_figure(points, title), "completion", title),
        )
    )


def completion_png(
    points: Sequence[tuple[datetime.date, float]],
    *,
    title: str = "Tiến độ hoàn thành theo ngày",
    dpi: int = 150,
) -> bytes:
    if not points:
        return b""
    return bytes(
        cached(
            "completion.png",
            (tuple(points), title, dpi),
            lambda: _png(lambda: _completion_figure(points, title), dpi),
        )
    )


def children_svg(
    bars: Sequence[tuple[str, float]], *, title: str = "Tỉ lệ hoàn thành theo đơn vị"
) -> str:
    """Horizontal bars of % done per child unit; `bars` are (unit name, percent 0–100)."""
    if not bars:
        return ""
    return str(
        cached(
            "children.svg",
            (tuple(bars), title),
            lambda: _svg(lambda: _children_figure(bars, title), "children", title),
        )
    )


def children_png(
    bars: Sequence[tuple[str, float]],
    *,
    title: str = "Tỉ lệ hoàn thành theo đơn vị",
    dpi: int = 150,
) -> bytes:
    if not bars:
        return b""
    return bytes(
        cached(
            "children.png",
            (tuple(bars), title, dpi),
            lambda: _png(lambda: _children_figure(bars, title), dpi),
        )
    )
