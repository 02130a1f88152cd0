"""Writes to the organisation tree: create, update, move, merge, close. All audited."""

import datetime
from typing import Any

from django.db import transaction

from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.org import hooks
from apps.org.enums import UnitEventKind
from apps.org.models import Unit, UnitEvent, UnitKind


def _save_with_history(unit: Unit, actor: Any, reason: str) -> None:
    unit._history_user = actor  # type: ignore[attr-defined]
    unit._change_reason = reason  # type: ignore[attr-defined]
    unit.save()


@transaction.atomic
def unit_create(
    *,
    actor: Any,
    parent: Unit | None,
    code: str,
    name: str,
    kind: UnitKind,
    valid_from: datetime.date | None = None,
) -> Unit:
    if Unit.objects.filter(code=code).exists():
        raise ApplicationError(f"Mã đơn vị “{code}” đã tồn tại.", {"field": "code"})
    unit = Unit(code=code, name=name.strip(), kind=kind)
    if valid_from:
        unit.valid_from = valid_from
    unit.refresh_computed()
    unit._history_user = actor  # type: ignore[attr-defined]
    if parent is None:
        created = Unit.objects.add_root(instance=unit)
    else:
        if not parent.is_active:
            raise ApplicationError("Không thể thêm đơn vị vào một đơn vị đã giải thể.")
        created = Unit.objects.add_child(parent, instance=unit)
    UnitEvent.objects.create(
        unit=created,
        kind=UnitEventKind.CREATE,
        date=created.valid_from,
        new_parent=parent,
        actor=actor_user(actor),
    )
    return created


@transaction.atomic
def unit_update(*, actor: Any, unit: Unit, name: str, kind: UnitKind) -> Unit:
    unit.name = name.strip()
    unit.kind = kind
    unit.refresh_computed()
    unit.full_clean(exclude=["path", "depth", "numchild"])
    _save_with_history(unit, actor, "Cập nhật thông tin đơn vị")
    return unit


def _check_target(unit: Unit, new_parent: Unit) -> None:
    if new_parent.path.startswith(unit.path):
        raise ApplicationError("Không thể chuyển đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
    if not new_parent.is_active:
        raise ApplicationError("Đơn vị nhận đã giải thể.")


@transaction.atomic
def unit_move(
    *, actor: Any, unit: Unit, new_parent: Unit, date: datetime.date, note: str = ""
) -> Unit:
    """Moves a unit with its whole subtree under `new_parent`."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    _check_target(unit, new_parent)
    old_parent = Unit.objects.get_parent(unit)
    if old_parent and old_parent.pk == new_parent.pk:
        raise ApplicationError("Đơn vị đã trực thuộc đơn vị này.")
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    _save_with_history(unit, actor, f"Chuyển trực thuộc {new_parent.name}")
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.MOVE,
        date=date,
        old_parent=old_parent,
        new_parent=new_parent,
        note=note,
        actor=actor_user(actor),
    )
    return unit


@transaction.atomic
def unit_merge(
    *, actor: Any, source: Unit, target: Unit, date: datetime.date, note: str = ""
) -> Unit:
    """Merges `source` into `target`: children and people move to target, source closes."""
    source = Unit.objects.select_for_update().get(pk=source.pk)
    target = Unit.objects.get(pk=target.pk)
    if source.pk == target.pk:
        raise ApplicationError("Không thể hợp nhất một đơn vị vào chính nó.")
    _check_target(source, target)
    if not source.is_active:
        raise ApplicationError("Đơn vị bị hợp nhất đã giải thể từ trước.")
    for child in list(Unit.objects.get_children(source)):
        child.refresh_from_db()
        unit_move(actor=actor, unit=child, new_parent=target, date=date, note=note)
    hooks.unit_merged(  # people move (and grants on the source end) in this transaction
        actor=actor,
        source=source,
        target=target,
        date=date,
        reason=f"Hợp nhất {source.name} vào {target.name}",
    )
    source.refresh_from_db()
    source.valid_to = date
    _save_with_history(source, actor, f"Hợp nhất vào {target.name}")
    UnitEvent.objects.create(
        unit=source,
        kind=UnitEventKind.MERGE,
        date=date,
        target=target,
        note=note,
        actor=actor_user(actor),
    )
    return target


@transaction.atomic
def unit_close(*, actor: Any, unit: Unit, date: datetime.date, note: str = "") -> Unit:
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if not unit.is_active:
        raise ApplicationError("Đơn vị đã giải thể từ trước.")
    if Unit.objects.filter(
        path__startswith=unit.path, depth__gt=unit.depth, valid_to__isnull=True
    ).exists():
        raise ApplicationError(
            "Đơn vị còn đơn vị trực thuộc đang hoạt động: hãy chuyển hoặc hợp nhất chúng trước."
        )
    if unit.people.exists():
        raise ApplicationError(
            "Đơn vị còn cán bộ, đảng viên: hãy điều chuyển họ hoặc hợp nhất đơn vị trước."
        )
    unit.valid_to = date
    _save_with_history(unit, actor, "Giải thể")
    UnitEvent.objects.create(
        unit=unit,
        kind=UnitEventKind.CLOSE,
        date=date,
        note=note,
        actor=actor_user(actor),
    )
    return unit
