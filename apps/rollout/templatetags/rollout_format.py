"""Number formats of the progress pages: Vietnamese grouping (150.000) and decimal comma."""

from django import template

register = template.Library()


@register.filter
def vn_int(value: object) -> str:
    """150000 → "150.000"."""
    if value is None or value == "":
        return ""
    try:
        number = int(value)  # type: ignore[call-overload]
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", ".")


@register.filter
def vn_percent(value: object) -> str:
    """72.46 → "72,5%"; None (nobody required) → "—"."""
    if value is None or value == "":
        return "—"
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value)
    return f"{number:.1f}".replace(".", ",") + "%"
