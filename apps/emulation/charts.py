"""A group's ranking as a chart (matplotlib SVG, the same renderer as the rollout charts).

Up to `BARS_UP_TO` units: one bar per unit in rank order. Larger groups: the distribution of
totals (a histogram) beside the five best and the five worst — hundreds of bars say nothing.
"""

from collections.abc import Sequence

from matplotlib.figure import Figure

from apps.rollout.charts import BAD, LINE, OK, _short, _svg

BARS_UP_TO = 30


def _bars(ax, rows: Sequence[tuple[str, float]], colour: str | list[str]) -> None:  # type: ignore[no-untyped-def]
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
