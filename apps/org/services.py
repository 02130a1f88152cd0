"""Writes to the organisation tree: create, update, move, merge, close. All audited."""

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from treebeard.exceptions import PathOverflow

from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.types import Actor
from apps.org import hooks, paths
from apps.org.enums import UnitEventKind
from apps.org.models import Unit, UnitEvent, UnitKind


def _save_with_history(unit: Unit, actor: Actor, reason: str) -> None:
    unit._history_user = actor
    unit._change_reason = reason
    unit.save()


@transaction.atomic
def unit_create(
    *,
    actor: Actor,
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
    unit._history_user = actor
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
def unit_update(*, actor: Actor, unit: Unit, name: str, kind: UnitKind) -> Unit:
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
    *, actor: Actor, unit: Unit, new_parent: Unit, date: datetime.date, note: str = ""
) -> Unit:
    """Moves a unit with its whole subtree under `new_parent`."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    new_parent = Unit.objects.get(pk=new_parent.pk)
    _check_target(unit, new_parent)
    old_parent = Unit.objects.get_parent(unit)
    if old_parent and old_parent.pk == new_parent.pk:
        raise ApplicationError("Đơn vị đã trực thuộc đơn vị này.")
    old_path = unit.path
    Unit.objects.move(unit, new_parent, pos="last-child")
    unit.refresh_from_db()
    hooks.unit_moved(unit=unit, old_path=old_path)
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
    *, actor: Actor, source: Unit, target: Unit, date: datetime.date, note: str = ""
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
def unit_close(*, actor: Actor, unit: Unit, date: datetime.date, note: str = "") -> Unit:
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


# --- bulk writes (the roster import) ---------------------------------------------------------

BULK_BATCH = 2_000


@dataclass(frozen=True)
class UnitSpec:
    """A unit to create in bulk; `parent_code` "" makes a root. `row` names the source row in
    error messages."""

    code: str
    name: str
    kind_id: int
    parent_code: str
    row: int = 0


@dataclass(frozen=True)
class UnitRename:
    pk: int
    name: str
    kind_id: int


def _batches(items: Sequence[Any], size: int = BULK_BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic(savepoint=False)
def units_bulk_create(
    *,
    actor: Actor,
    specs: Sequence[UnitSpec],
    known: dict[str, int],
    reason: str,
    date: datetime.date,
) -> dict[str, int]:
    """Creates units in bulk, parents before children (`specs` in that order), under existing
    units named in `known` (code → pk) or under units created earlier in `specs`. Paths are
    computed the way `add_child` would (org.paths.child_path); each unit gets its history row
    and a CREATE event. Returns code → pk of the units created."""
    if not specs:
        return {}
    user = actor_user(actor)
    parent_codes = {s.parent_code for s in specs if s.parent_code in known}
    # Tree slots of every existing parent receiving children, read under lock:
    # code → [path, depth, last child position, children added, pk]
    slots: dict[str, list[Any]] = {}
    parents = Unit.objects.select_for_update().filter(pk__in=[known[c] for c in parent_codes])
    for pk, code, path, depth, numchild in parents.values_list(
        "pk", "code", "path", "depth", "numchild"
    ):
        last = 0
        if numchild:
            last_path = (
                Unit.objects.filter(path__startswith=path, depth=depth + 1)
                .order_by("-path")
                .values_list("path", flat=True)
                .first()
            )
            last = paths.position_of(last_path) if last_path else 0
        slots[code] = [path, depth, last, 0, pk]
    if any(not s.parent_code for s in specs):
        last_root = (
            Unit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
        )
        slots[""] = ["", 0, paths.position_of(last_root) if last_root else 0, 0, None]
    created: list[Unit] = []
    for spec in specs:
        slot = slots[spec.parent_code]
        slot[2] += 1
        slot[3] += 1
        try:
            path = paths.child_path(slot[0], slot[2])
        except PathOverflow:
            raise ApplicationError(
                f"Đơn vị {spec.parent_code or 'gốc'} có quá nhiều đơn vị trực thuộc.",
                {
                    "errors": [
                        {"sheet": "", "row": spec.row, "column": "", "message": "PathOverflow"}
                    ]
                },
            ) from None
        unit = Unit(
            code=spec.code,
            name=spec.name,
            kind_id=spec.kind_id,
            path=path,
            depth=slot[1] + 1,
            numchild=0,
            valid_from=date,
        )
        unit.refresh_computed()
        created.append(unit)
        slots[spec.code] = [path, slot[1] + 1, 0, 0, None]
    for unit in created:
        unit.numchild = slots[unit.code][3]
    for batch in _batches(created):
        bulk_create_with_history(
            list(batch),
            Unit,
            batch_size=BULK_BATCH,
            default_user=user,
            default_change_reason=reason,
        )
    pks = {unit.code: unit.pk for unit in created}
    for code in parent_codes:
        if slots[code][3]:
            Unit.objects.filter(pk=slots[code][4]).update(numchild=F("numchild") + slots[code][3])
    every = {**known, **pks}
    UnitEvent.objects.bulk_create(
        [
            UnitEvent(
                unit_id=unit.pk,
                kind=UnitEventKind.CREATE,
                date=date,
                new_parent_id=every.get(spec.parent_code) if spec.parent_code else None,
                note=reason,
                actor=user,
            )
            for unit, spec in zip(created, specs, strict=True)
        ],
        batch_size=BULK_BATCH,
    )
    return pks


@transaction.atomic(savepoint=False)
def units_bulk_update(*, actor: Actor, changes: Sequence[UnitRename], reason: str) -> int:
    """Renames / re-kinds units in bulk, one history row each."""
    if not changes:
        return 0
    units = Unit.objects.in_bulk([c.pk for c in changes])
    changed: list[Unit] = []
    for change in changes:
        unit = units[change.pk]
        unit.name = change.name
        unit.kind_id = change.kind_id
        unit.refresh_computed()
        changed.append(unit)
    bulk_update_with_history(
        changed,
        Unit,
        ["name", "kind", "search_text", "sort_key"],
        batch_size=BULK_BATCH,
        default_user=actor_user(actor),
        default_change_reason=reason,
    )
    return len(changed)
