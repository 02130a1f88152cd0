"""Writes to people, memberships and role grants. Every change is audited."""

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from apps.access.services import assignments_revoke_on_unit
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.types import Actor
from apps.org.models import Unit
from apps.people import hooks
from apps.people.bulk import MembershipRow, PersonRow, insert_history, insert_instances
from apps.people.models import (
    PERSON_DATA_FIELDS,
    Membership,
    Person,
    PersonCategory,
)


def category_mask(codes: list[str]) -> int:
    by_code = {c.code: c.mask for c in PersonCategory.objects.all()}
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        raise ApplicationError(f"Đối tượng không hợp lệ: {', '.join(unknown)}.")
    mask = 0
    for code in codes:
        mask |= by_code[code]
    return mask


@transaction.atomic
def person_create(
    *,
    actor: Actor,
    code: str,
    full_name: str,
    gender: str,
    birth_year: int,
    unit: Unit,
    category_mask: int = 0,
    position: str = "",
    is_head: bool = False,
    phone: str = "",
    email: str = "",
    start: datetime.date,
) -> Person:
    if not unit.is_active:
        raise ApplicationError("Đơn vị đã giải thể, không thể thêm người.")
    person = Person(
        code=code,
        full_name=" ".join(full_name.split()),
        gender=gender,
        birth_year=birth_year,
        unit=unit,
        category_mask=category_mask,
        position=position,
        is_head=is_head,
        phone=phone,
        email=email,
    )
    person.refresh_computed()
    person.full_clean(exclude=["user"])
    person._history_user = actor_user(actor)  # type: ignore[attr-defined]
    person.save()
    membership = Membership(person=person, unit=unit, start=start, reason="Tiếp nhận")
    membership._history_user = actor_user(actor)  # type: ignore[attr-defined]
    membership.save()
    hooks.people_changed([person.pk])
    return person


@transaction.atomic
def person_update(*, actor: Actor, person: Person, **fields: Any) -> Person:
    unknown = set(fields) - set(PERSON_DATA_FIELDS)
    if unknown:
        raise ApplicationError(f"Không sửa được trường: {', '.join(sorted(unknown))}.")
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    if not changed:
        return person
    for name in changed:
        setattr(person, name, fields[name])
    person.refresh_computed()
    person.full_clean(exclude=["user"])
    person._history_user = actor_user(actor)  # type: ignore[attr-defined]
    person.save(update_fields=[*changed, "search_text", "sort_key"])
    return person


@transaction.atomic
def person_transfer(
    *, actor: Actor, person: Person, unit: Unit, date: datetime.date, reason: str = ""
) -> Person:
    """Moves a person to another unit from `date`; the membership history is kept."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.unit_id == unit.pk:
        raise ApplicationError("Người này đã thuộc đơn vị được chọn.")
    if not unit.is_active:
        raise ApplicationError("Đơn vị nhận đã giải thể.")
    current = person.memberships.filter(end__isnull=True).first()
    if current is not None:
        if date < current.start:
            raise ApplicationError("Ngày điều chuyển phải sau ngày bắt đầu ở đơn vị hiện tại.")
        current.end = date
        current._history_user = actor_user(actor)  # type: ignore[attr-defined]
        current.save(update_fields=["end"])
    membership = Membership(person=person, unit=unit, start=date, reason=reason or "Điều chuyển")
    membership._history_user = actor_user(actor)  # type: ignore[attr-defined]
    membership.save()
    person.unit = unit
    person._history_user = actor_user(actor)  # type: ignore[attr-defined]
    person._change_reason = reason or "Điều chuyển"  # type: ignore[attr-defined]
    person.save(update_fields=["unit"])
    hooks.people_changed([person.pk])
    return person


def person_bulk_transfer(
    *, actor: Actor, source: Unit, target: Unit, date: datetime.date, reason: str
) -> int:
    """Moves every person of `source` to `target` (used by unit merges), in bulk, audited.

    Bulk writes bypass simple-history's signals, so history rows are written explicitly
    with `bulk_update_with_history` / `bulk_create_with_history`.
    """
    people = list(Person.objects.filter(unit=source))
    if not people:
        return 0
    user = actor_user(actor)
    open_memberships = list(
        Membership.objects.filter(person__in=people, end__isnull=True, unit=source)
    )
    for membership in open_memberships:
        membership.end = date
    bulk_update_with_history(
        open_memberships, Membership, ["end"], default_user=user, default_change_reason=reason
    )
    bulk_create_with_history(
        [Membership(person=p, unit=target, start=date, reason=reason) for p in people],
        Membership,
        default_user=user,
        default_change_reason=reason,
    )
    for person in people:
        person.unit = target
    bulk_update_with_history(
        people, Person, ["unit"], default_user=user, default_change_reason=reason
    )
    hooks.people_changed([p.pk for p in people])
    return len(people)


@transaction.atomic
def person_account_create(
    *, actor: Actor, person: Person, username: str, password: str
) -> AbstractBaseUser:
    user_model = get_user_model()
    if person.user_id:
        raise ApplicationError("Người này đã có tài khoản.")
    if user_model.objects.filter(username=username).exists():
        raise ApplicationError(f"Tên đăng nhập “{username}” đã được dùng.")
    user = user_model.objects.create_user(username=username, password=password)
    person.user = user
    person._history_user = actor_user(actor)  # type: ignore[attr-defined]
    person.save(update_fields=["user"])
    return user


@transaction.atomic
def user_deactivate(*, actor: Actor, user: Any) -> None:
    """Deactivates an account and deletes its sessions, so a later reactivation cannot revive
    them. (Django also refuses inactive users on every request.)"""
    from django.contrib.sessions.models import Session

    user.is_active = False
    user.save(update_fields=["is_active"])
    stale = [
        s.session_key
        for s in Session.objects.iterator()
        if s.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(session_key__in=stale).delete()
    person = Person.objects.filter(user=user).first()
    if person is not None:
        person._history_user = actor_user(actor)  # type: ignore[attr-defined]
        person._change_reason = "Khóa tài khoản"  # type: ignore[attr-defined]
        person.save()


def people_follow_merged_unit(
    *, actor: Actor, source: Unit, target: Unit, date: datetime.date, reason: str
) -> None:
    """A unit merged into another: its people transfer (with history) and its grants end."""
    person_bulk_transfer(actor=actor, source=source, target=target, date=date, reason=reason)
    assignments_revoke_on_unit(actor=actor, unit=source)


# --- bulk writes (the roster import) ---------------------------------------------------------
# These fire the same hook as the single writes (`hooks.people_changed`), batch by batch, so
# people created or transferred in bulk join or move in every running rollout that covers them
# and the maintained counters stay exact.

BULK_BATCH = 2_000
LOOKUP_CHUNK = 900  # rows per `IN (…)` lookup: below SQLite's historical 999-variable limit
PERSON_UPDATE_FIELDS = [
    "full_name",
    "gender",
    "birth_year",
    "category_mask",
    "position",
    "is_head",
    "unit",
    "phone",
    "email",
    "search_text",
    "sort_key",
]


@dataclass(frozen=True)
class PersonSpec:
    """A person to create in bulk, with the values already validated."""

    code: str
    unit_id: int
    values: dict[str, Any]


@dataclass(frozen=True)
class PersonUpdate:
    pk: int
    unit_id: int
    values: dict[str, Any]


@dataclass
class BulkPeopleResult:
    created: int = 0
    updated: int = 0
    transferred: int = 0
    memberships_created: int = 0
    memberships_ended: int = 0


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


@transaction.atomic(savepoint=False)
def people_bulk_create(
    *,
    actor: Actor,
    specs: Sequence[PersonSpec],
    reason: str,
    date: datetime.date,
    joined_reason: str = "Tiếp nhận (nhập danh sách)",
) -> BulkPeopleResult:
    """New people and their first membership, each with one history row, through fast inserts
    (`people.bulk`); every batch then joins the running rollouts that cover it."""
    result = BulkPeopleResult()
    user = actor_user(actor)
    now = timezone.now()
    for batch in _chunks(specs, BULK_BATCH):
        people: list[Any] = []
        for spec in batch:
            values = spec.values
            person = PersonRow(
                spec.code,
                values["full_name"],
                values["gender"],
                values["birth_year"],
                values.get("category_mask", 0),
                values.get("position", ""),
                values.get("is_head", False),
                spec.unit_id,
                values.get("phone", ""),
                values.get("email", ""),
            )
            Person.refresh_computed(cast(Person, person))
            people.append(person)
        insert_instances(Person, people)
        pks: dict[str, int] = {}
        for codes in _chunks([p.code for p in people], LOOKUP_CHUNK):
            pks.update(Person.objects.filter(code__in=codes).values_list("code", "pk"))
        for person in people:
            person.pk = pks[person.code]
        insert_history(Person, people, history_type="+", user=user, reason=reason, date=now)
        memberships = [MembershipRow(p.pk, p.unit_id, date, joined_reason) for p in people]
        insert_instances(Membership, memberships)
        membership_pks: dict[int, int] = {}
        for ids in _chunks(list(pks.values()), LOOKUP_CHUNK):
            membership_pks.update(
                Membership.objects.filter(person_id__in=ids).values_list("person_id", "pk")
            )
        for membership in memberships:
            membership.pk = membership_pks[membership.person_id]
        insert_history(
            Membership, memberships, history_type="+", user=user, reason=reason, date=now
        )
        hooks.people_changed(pks.values())
        result.created += len(people)
        result.memberships_created += len(memberships)
    return result


@transaction.atomic(savepoint=False)
def people_bulk_update(
    *,
    actor: Actor,
    updates: Sequence[PersonUpdate],
    reason: str,
    date: datetime.date,
    transfer_reason: str = "Điều chuyển (nhập danh sách)",
) -> BulkPeopleResult:
    """Updates people in bulk (one history row each); those whose unit changes are transferred:
    the open membership ends on `date`, a new one starts, and they move in every rollout."""
    result = BulkPeopleResult()
    user = actor_user(actor)
    for batch in _chunks(updates, BULK_BATCH):
        people = Person.objects.in_bulk([u.pk for u in batch])
        updated: list[Person] = []
        transferred: list[Person] = []
        for update in batch:
            person = people[update.pk]
            for name, value in update.values.items():
                setattr(person, name, value)
            if person.unit_id != update.unit_id:
                person.unit_id = update.unit_id
                transferred.append(person)
            person.refresh_computed()
            updated.append(person)
        bulk_update_with_history(
            updated,
            Person,
            PERSON_UPDATE_FIELDS,
            batch_size=BULK_BATCH,
            default_user=user,
            default_change_reason=reason,
        )
        if transferred:
            open_memberships = list(
                Membership.objects.filter(person__in=[p.pk for p in transferred], end__isnull=True)
            )
            for membership in open_memberships:
                membership.end = date
            if open_memberships:
                bulk_update_with_history(
                    open_memberships,
                    Membership,
                    ["end"],
                    batch_size=BULK_BATCH,
                    default_user=user,
                    default_change_reason=reason,
                )
            bulk_create_with_history(
                [
                    Membership(
                        person_id=p.pk, unit_id=p.unit_id, start=date, reason=transfer_reason
                    )
                    for p in transferred
                ],
                Membership,
                batch_size=BULK_BATCH,
                default_user=user,
                default_change_reason=reason,
            )
            hooks.people_changed([p.pk for p in transferred])
            result.memberships_ended += len(open_memberships)
            result.memberships_created += len(transferred)
        result.updated += len(updated)
        result.transferred += len(transferred)
    return result
