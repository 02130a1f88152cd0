"""Reads of the organisation tree, always scoped to the actor."""

import os
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from apps.access import scoping
from apps.common.text import strip_diacritics
from apps.common.types import Actor
from apps.org import hooks
from apps.org.models import Unit, UnitEvent


def units_in_scope(user: Any, action: str) -> QuerySet[Unit]:
    return Unit.objects.filter(scoping.scope_q(user, action, field=""))


def scope_roots(user: Any, action: str) -> QuerySet[Unit]:
    """The top units of the user's scope (the roots for a tree browser)."""
    if scoping.is_admin(user):
        return Unit.objects.get_root_nodes()
    return Unit.objects.filter(path__in=scoping.scope_paths(user, action)).order_by("path")


def unit_get_for_actor(*, actor: Actor, pk: int, action: str = "org.view") -> Unit:
    unit = Unit.objects.select_related("kind").filter(pk=pk).first()
    if unit is None:
        raise Http404
    scoping.require(actor, action, unit)
    return unit


def unit_list(
    *,
    actor: Actor,
    action: str = "org.view",
    query: str = "",
    kind_id: int | None = None,
    within: Unit | None = None,
    include_closed: bool = False,
) -> QuerySet[Unit]:
    qs = units_in_scope(actor, action).select_related("kind")
    if within is not None:
        qs = qs.filter(path__startswith=within.path)
    if query:
        qs = qs.filter(search_text__contains=strip_diacritics(query))
    if kind_id:
        qs = qs.filter(kind_id=kind_id)
    if not include_closed:
        qs = qs.filter(valid_to__isnull=True)
    return qs.order_by("sort_key", "code")


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    people: int
    units: int


def _subtree_counts(prefix_len: int, paths: list[str]) -> tuple[dict[str, int], dict[str, int]]:
    """People and unit counts per subtree, one GROUP BY query each (no per-row queries); people
    are counted by the `people` app's registered counter (org.hooks)."""
    if not paths:
        return {}, {}
    people = hooks.subtree_counts("people", prefix_len, paths)
    parent_prefix = os.path.commonprefix(paths)
    units = dict(
        Unit.objects.filter(path__startswith=parent_prefix, valid_to__isnull=True)
        .annotate(prefix=Substr("path", 1, prefix_len))
        .filter(prefix__in=paths)
        .exclude(path=F("prefix"))
        .order_by()  # treebeard's manager orders by path, which would split the GROUP BY
        .values("prefix")
        .annotate(n=Count("pk"))
        .values_list("prefix", "n")
    )
    return people, units


def unit_children_with_counts(
    *, actor: Actor, parent: Unit | None, include_closed: bool = False
) -> list[UnitRow]:
    """Children of `parent` (or the actor's scope roots) with people and unit counts."""
    if parent is None:
        children = list(scope_roots(actor, "org.view").select_related("kind"))
    else:
        scoping.require(actor, "org.view", parent)
        flt = Q(path__startswith=parent.path, depth=parent.depth + 1)
        if not include_closed:
            flt &= Q(valid_to__isnull=True)
        children = list(Unit.objects.filter(flt).select_related("kind").order_by("sort_key"))
    rows: list[UnitRow] = []
    by_len: dict[int, list[Unit]] = {}
    for child in children:
        by_len.setdefault(len(child.path), []).append(child)
    for length, group in by_len.items():
        people, units = _subtree_counts(length, [u.path for u in group])
        rows.extend(
            UnitRow(unit=u, people=people.get(u.path, 0), units=units.get(u.path, 0)) for u in group
        )
    return rows


def unit_ancestors(*, unit: Unit) -> QuerySet[Unit]:
    """Ancestors from the root, from the path prefixes (one query)."""
    steplen = Unit.steplen
    prefixes = [unit.path[:i] for i in range(steplen, len(unit.path), steplen)]
    return Unit.objects.filter(path__in=prefixes).order_by("depth")


def unit_breadcrumbs(*, actor: Actor, unit: Unit) -> list[Unit]:
    """Ancestors the actor may see, for navigation."""
    return [u for u in unit_ancestors(unit=unit) if scoping.can(actor, "org.view", u)]


def unit_events(*, unit: Unit) -> QuerySet[UnitEvent]:
    return (
        UnitEvent.objects.filter(Q(unit=unit) | Q(target=unit) | Q(new_parent=unit))
        .select_related("unit", "old_parent", "new_parent", "target", "actor")
        .order_by("-date", "-pk")
    )
