"""Writes to role grants. Every change is audited (simple-history)."""

from typing import TYPE_CHECKING

from django.db import transaction

from apps.access.models import Assignment
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.types import Actor

if TYPE_CHECKING:  # type-only: access sits below org and people (import-linter skips these)
    from apps.org.models import Unit
    from apps.people.models import Person


@transaction.atomic
def assignment_grant(*, actor: Actor, person: "Person", unit: "Unit", role: str) -> Assignment:
    if Assignment.objects.filter(person=person, unit=unit, role=role).exists():
        raise ApplicationError("Người này đã có vai trò này tại đơn vị này.")
    assignment = Assignment(person=person, unit=unit, role=role)
    assignment.full_clean()
    assignment._history_user = actor_user(actor)  # type: ignore[attr-defined]
    assignment.save()
    return assignment


@transaction.atomic
def assignment_revoke(*, actor: Actor, assignment: Assignment) -> None:
    assignment._history_user = actor_user(actor)  # type: ignore[attr-defined]
    assignment.delete()


def assignments_revoke_on_unit(*, actor: Actor, unit: "Unit") -> int:
    """Revokes every grant held on `unit` (a unit merged away): an administrator decides anew
    who may act on the merged unit's subtree."""
    count = 0
    for assignment in Assignment.objects.filter(unit=unit):
        assignment_revoke(actor=actor, assignment=assignment)
        count += 1
    return count
