from typing import Any

from django import template

register = template.Library()


@register.filter
def vnnum(value: Any) -> str:
    """1205 → '1.205' whatever the request's locale (Vietnamese grouping); None → ''."""
    if value is None or value == "":
        return ""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return str(value)
    return f"{number:,}".replace(",", ".")
