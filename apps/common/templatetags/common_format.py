"""Shared display filters: people's names for accounts, numbers in Vietnamese grouping."""

from typing import Any

from django import template

from apps.common.audit import user_display_name

register = template.Library()


@register.filter
def person_name(user: Any) -> str:
    """The name of the person behind an account (never the bare login name when a name is
    known); "" for no account."""
    return user_display_name(user) if user is not None else ""


@register.filter
def vn_count(value: Any) -> str:
    """20003 → '20.003' (Vietnamese grouping), the same everywhere counts are shown."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        return "" if value is None else str(value)
    return f"{number:,}".replace(",", ".")
