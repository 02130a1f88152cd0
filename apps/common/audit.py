"""Audit history read from django-simple-history: who, when, what, before and after."""

from dataclasses import dataclass, field
from typing import Any, cast

from django.db.models import Model

from apps.common.types import Actor


def actor_user(actor: Actor) -> Any:
    """The user to record as author of a change: `None` for system jobs and citizens (and for
    an actor that is not a saved user)."""
    return actor if getattr(actor, "pk", None) else None


_TYPES = {"+": "Tạo mới", "~": "Sửa", "-": "Xóa"}


@dataclass
class AuditChange:
    field: str
    before: Any
    after: Any


@dataclass
class AuditEntry:
    when: Any
    who: str
    kind: str
    reason: str
    changes: list[AuditChange] = field(default_factory=list)


def _label(model: type[Model], name: str) -> str:
    try:
        field = model._meta.get_field(name)
    except Exception:
        return name
    label = str(getattr(field, "verbose_name", name))
    return label[:1].upper() + label[1:]


def _display(model: type[Model], name: str, value: Any) -> Any:
    """Booleans and choices as the user reads them (a False must not look like a blank)."""
    if isinstance(value, bool):
        return "Có" if value else "Không"
    try:
        choices = dict(model._meta.get_field(name).flatchoices)  # type: ignore[union-attr]
    except Exception:
        return value
    return choices.get(value, value)


def user_display_name(user: Any) -> str:
    """A person's name for a user (their personnel record, else their account's full name),
    never the login name alone; "Hệ thống" for system changes."""
    if user is None:
        return "Hệ thống"
    person = getattr(user, "person", None)  # people.Person.user (one-to-one, reverse accessor)
    name = getattr(person, "full_name", "") or user.get_full_name()
    return str(name or user.get_username())


def history_entries(obj: Model, formatters: dict[str, Any] | None = None) -> list[AuditEntry]:
    """Entries newest first, each with its field changes against the previous record."""
    formatters = formatters or {}
    history = cast(Any, obj).history
    records = list(
        history.select_related("history_user", "history_user__person").order_by(
            "history_date", "history_id"
        )
    )
    entries: list[AuditEntry] = []
    previous = None
    for record in records:
        changes: list[AuditChange] = []
        if previous is not None:
            delta = record.diff_against(previous)
            for change in delta.changes:
                fmt = formatters.get(
                    change.field, lambda v, f=change.field: _display(type(obj), f, v)
                )
                changes.append(
                    AuditChange(
                        field=_label(type(obj), change.field),
                        before=fmt(change.old),
                        after=fmt(change.new),
                    )
                )
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=user_display_name(record.history_user),
                kind=_TYPES.get(record.history_type, record.history_type),
                reason=record.history_change_reason or "",
                changes=changes,
            )
        )
        previous = record
    return list(reversed(entries))
