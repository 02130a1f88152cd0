"""The completion-by-child-unit chart embedded in the .docx and PDF: the same chart as the
progress page (apps.dashboards.charts.children_png) — one bar per unit up to 25 units; above,
the distribution of the units by share done with the worst and the best units by name."""

from collections.abc import Sequence

from apps.dashboards.charts import children_png


def completion_chart_png(bars: Sequence[tuple[str, float]], *, title: str, dpi: int = 110) -> bytes:
    return children_png(bars, title=title, dpi=dpi) if bars else b""
