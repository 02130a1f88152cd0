"""Reads of people, scoped to the actor's subtree (or to themself for members)."""

import datetime
import os
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Substr
from django.http import Http404

from apps.access import scoping
from apps.access.models import Assignment
from apps.common.text import strip_diacritics
from apps.common.types import Actor
from apps.org.models import Unit
from apps.org.paths import ancestor_paths
from apps.people.models import Membership, Person, PersonCategory


def person_list(
    *,
    actor: Actor,
    action: str = "person.view",
    query: str = "",
    within: Unit | None = None,
    category: PersonCategory | None = None,
    is_head: bool | None = None,
) -> QuerySet[Person]:
    qs = Person.objects.filter(scoping.scope_q(actor, action)).select_related("unit")
    if within is not None:
        qs = qs.filter(unit__path__startswith=within.path)
    if query:
        for word in strip_diacritics(query).split():
            qs = qs.filter(search_text__contains=word)
    if category is not None:
        qs = qs.alias(has_cat=_bitand("category_mask", category.mask)).filter(has_cat__gt=0)
    if is_head is not None:
        qs = qs.filter(is_head=is_head)
    return qs.order_by("sort_key", "pk")


def _bitand(field: str, mask: int) -> Any:
    from django.db.models import F

    return F(field).bitand(mask)


def person_get_for_actor(*, actor: Actor, pk: int, action: str = "person.view") -> Person:
    """One person, or 404 when outside the actor's scope (members: only themself)."""
    person = Person.objects.select_related("unit", "unit__kind", "user").filter(pk=pk).first()
    if person is None:
        raise Http404
    if scoping.is_self(actor, person) and action == "person.view":
        return person
    scoping.require(actor, action, person.unit)
    return person


def person_for_user(*, user: Any) -> Person | None:
    if not user.is_authenticated:
        return None
    return Person.objects.select_related("unit").filter(user=user).first()


def person_memberships(*, person: Person) -> QuerySet[Membership]:
    return person.memberships.select_related("unit").order_by("start", "pk")


def categories_of(mask: int, categories: list[PersonCategory] | None = None) -> list[str]:
    """Names of the categories in a person's `category_mask`; pass `categories` (all rows) when
    naming many people, so they are read once."""
    cats = categories if categories is not None else list(PersonCategory.objects.all())
    return [c.name for c in cats if mask & c.mask]


# --- who holds which role where (recipients of notifications and workflow steps) ----------


@dataclass(frozen=True)
class Holder:
    user_id: int
    email: str
    unit_id: int


def role_holders(
    *, unit: Unit, roles: list[str] | tuple[str, ...], ancestors: bool = False, above: bool = False
) -> list[Holder]:
    """Active users holding one of `roles` on `unit` itself, or (with `ancestors`) on the unit or
    any ancestor, or (with `above`) on ancestors only — e.g. the superior's inspection committee.
    Closest units first."""
    if above:
        paths = ancestor_paths(unit.path)
    elif ancestors:
        paths = ancestor_paths(unit.path, include_self=True)
    else:
        paths = [unit.path]
    rows = (
        Assignment.objects.filter(
            unit__path__in=paths,
            unit__valid_to__isnull=True,
            role__in=list(roles),
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .values_list("person__user_id", "person__user__email", "person__email", "unit_id")
        .order_by("-unit__depth", "person__user_id")
    )
    seen: set[int] = set()
    result = []
    for user_id, user_email, person_email, unit_id in rows:
        if user_id in seen:
            continue
        seen.add(user_id)
        result.append(Holder(user_id, user_email or person_email or "", unit_id))
    return result


def role_holders_by_unit(
    *, unit_ids: Iterable[int], roles: list[str] | tuple[str, ...]
) -> dict[int, list[Holder]]:
    """Active users holding one of `roles` exactly at each of many units, in one query
    (the daily reminders): unit id → holders."""
    result: dict[int, list[Holder]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(
            unit_id__in=list(unit_ids),
            role__in=list(roles),
            person__user__isnull=False,
            person__user__is_active=True,
        )
        .values_list("unit_id", "person__user_id", "person__user__email", "person__email")
        .order_by("unit_id", "person__user_id")
        .distinct()
    )
    for unit_id, user_id, user_email, person_email in rows:
        holders = result[unit_id]
        if not holders or holders[-1].user_id != user_id:
            holders.append(Holder(user_id, user_email or person_email or "", unit_id))
    return dict(result)


def role_holders_nearest(
    *, unit: Unit, roles: list[str] | tuple[str, ...], above: bool = True
) -> list[Holder]:
    """The holders at the closest level that has any (above the unit by default): the people who
    must act, not every level up to the root."""
    holders = role_holders(unit=unit, roles=roles, above=above, ancestors=not above)
    if not holders:
        return []
    nearest = holders[0].unit_id
    return [h for h in holders if h.unit_id == nearest]


# --- the organisation tree's people (registered with org.hooks in PeopleConfig.ready) ---------


def people_per_subtree(prefix_len: int, paths: list[str]) -> dict[str, int]:
    """People per subtree (the path prefix of length `prefix_len`), in one GROUP BY."""
    # The group may come from different parents (grants on cells of two communes).
    parent_prefix = os.path.commonprefix(paths)
    return dict(
        Person.objects.filter(unit__path__startswith=parent_prefix)
        .annotate(prefix=Substr("unit__path", 1, prefix_len))
        .filter(prefix__in=paths)
        .values("prefix")
        .annotate(n=Count("pk"))
        .values_list("prefix", "n")
    )


def unit_members_on(*, unit: Unit, day: datetime.date, subtree: bool = False) -> QuerySet[Person]:
    """Who belonged to `unit` (or its subtree) on `day`, from the membership history."""
    flt = Q(memberships__start__lte=day) & (
        Q(memberships__end__isnull=True) | Q(memberships__end__gt=day)
    )
    if subtree:
        flt &= Q(memberships__unit__path__startswith=unit.path)
    else:
        flt &= Q(memberships__unit=unit)
    return Person.objects.filter(flt).distinct().order_by("sort_key")
