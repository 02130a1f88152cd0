from typing import Any

from django import template

register = template.Library()


@register.filter
def lookup(mapping: Any, key: Any) -> Any:
    """`posted|lookup:"v_12"`: a value of a dict or QueryDict by a computed key."""
    if mapping is None:
        return None
    try:
        return mapping.get(key)
    except AttributeError:
        return None


@register.simple_tag
def key(prefix: str, pk: Any) -> str:
    return f"{prefix}_{pk}"


@register.filter
def points(value: Any) -> str:
    """Points as the interface writes them: 12,5 (no trailing zeros)."""
    if value is None or value == "":
        return "—"
    text = f"{float(value):.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")
