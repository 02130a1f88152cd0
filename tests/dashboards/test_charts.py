"""Charts scale: many units give a distribution with the worst and best units, not one bar each;
the same values are drawn once."""

import re
import time

from apps.dashboards import charts


def _bars(n):
    return [(f"Đảng bộ xã Số {i:03d}", (i * 37) % 101 * 1.0) for i in range(n)]


def test_distribution_counts_every_unit_once():
    dist = charts.distribution([0, 5, 10, 55.5, 89.9, 90, 99.9, 100, 100])
    assert sum(n for _, n in dist) == 9
    assert dict(dist)["0–10"] == 2 and dict(dist)["90–<100"] == 2 and dict(dist)["100"] == 2


def test_few_units_get_one_bar_each():
    svg = charts.children_svg(_bars(12), title="Mười hai đơn vị")
    assert "Phân bố" not in svg  # text is drawn as paths: check the figure's shape instead
    assert svg.count('<g id="patch_') >= 12


def test_many_units_give_a_fixed_size_chart_with_worst_and_best_named():
    charts.clear_cache()
    bars = _bars(131)
    svg = charts.children_svg(bars, title="Toàn tỉnh")
    height = float(re.search(r'viewBox="0 0 [\d.]+ ([\d.]+)"', svg).group(1))
    assert height < 600  # 7.2 in at 72 pt/in, whatever the number of units
    # 11 distribution columns + 10 worst + 5 best bars (+ the axes backgrounds)
    assert svg.count('<g id="patch_') < 40
    assert len(svg) < 250_000  # was 441 KB for 131 bars; its time is in the benchmark


def test_the_same_values_are_drawn_once():
    charts.clear_cache()
    bars = _bars(60)
    first = charts.children_svg(bars, title="Bộ nhớ đệm")
    started = time.perf_counter()
    again = charts.children_svg(bars, title="Bộ nhớ đệm")
    assert again == first and time.perf_counter() - started < 0.05
    changed = charts.children_svg([*bars[:-1], ("Đảng bộ xã Mới", 12.0)], title="Bộ nhớ đệm")
    assert changed != first
