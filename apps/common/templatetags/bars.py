"""Progress bars without inline styles (the Content-Security-Policy forbids style attributes):
a width is one of 101 classes `bar-0` … `bar-100` defined in static/css/extra.css."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def bar_class(value: float | Decimal | int | str | None) -> str:
    """`37.6` → `bar-38`; missing, invalid or out-of-range values are clamped to 0–100."""
    try:
        number = float(value) if value is not None else 0.0
    except (TypeError, ValueError):
        number = 0.0
    if number != number:  # NaN
        number = 0.0
    return f"bar-{max(0, min(100, round(number)))}"
