"""Reads of rollouts and their progress, scoped to the actor."""

from collections.abc import Iterable
from typing import Any

from django.db.models import Q, QuerySet, Sum
from django.http import Http404

from apps.access import scoping
from apps.common.text import strip_diacritics
from apps.common.types import Actor, user_pk
from apps.org.models import Unit
from apps.org.selectors import scope_roots
from apps.people.models import Person
from apps.rollout.enums import StudyKind
from apps.rollout.models import (
    ConnectionPoint,
    Participant,
    Rollout,
    RolloutSubtreeStat,
    Session,
    StudyRecord,
    UnitDeadline,
)


def rollout_list(*, actor: Actor) -> QuerySet[Rollout]:
    """Rollouts covering any unit the actor may view: sent to their subtree or above it."""
    qs = Rollout.objects.select_related("directive", "directive__kind", "unit")
    if scoping.is_admin(actor):
        return qs
    paths = [g.path for g in scoping.grants(actor) if g.role in scoping.ACTIONS["rollout.view"]]
    if not paths:
        return qs.none()
    cond = Q(pk__in=[])
    for path in paths:
        prefixes = [path[:i] for i in range(Unit.steplen, len(path) + 1, Unit.steplen)]
        cond |= Q(unit__path__in=prefixes) | Q(unit__path__startswith=path)
    return qs.filter(cond)


def rollout_get_for_actor(*, actor: Actor, pk: int) -> Rollout:
    rollout = rollout_list(actor=actor).filter(pk=pk).first()
    if rollout is None:
        raise Http404
    return rollout


def default_unit(*, actor: Actor, rollout: Rollout, action: str = "rollout.view") -> Unit:
    """Where the actor's view of a rollout starts: its root, or the actor's own scope root."""
    if scoping.can(actor, action, rollout.unit):
        return rollout.unit
    for root in scope_roots(actor, action).select_related("kind"):
        if root.path.startswith(rollout.unit.path):
            return root
    raise Http404


def rollout_unit_for_actor(
    *, actor: Actor, rollout: Rollout, unit_pk: int | None, action: str = "rollout.view"
) -> Unit:
    """The unit of a rollout the actor asked for (default: where their view starts); 404
    outside the rollout's subtree or outside the actor's scope for `action`."""
    if unit_pk is None:
        return default_unit(actor=actor, rollout=rollout, action=action)
    unit = Unit.objects.select_related("kind").filter(pk=unit_pk).first()
    if unit is None or not unit.path.startswith(rollout.unit.path):
        raise Http404
    scoping.require(actor, action, unit)
    return unit


# --- progress ---------------------------------------------------------------------------
#
def participations_for_person(*, person: Person) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(person=person)
        .select_related("rollout", "rollout__directive", "rollout__directive__kind", "unit")
        .order_by("-rollout__starts_on")
    )


def participation_get_for_member(*, actor: Actor, pk: int) -> Participant:
    uid = user_pk(actor)
    if uid is None:
        raise Http404
    participant = (
        Participant.objects.select_related(
            "rollout", "rollout__directive", "rollout__directive__kind", "person", "unit"
        )
        .filter(pk=pk, person__user_id=uid)
        .first()
    )
    if participant is None:
        raise Http404
    return participant


def study_history(*, participant: Participant) -> QuerySet[StudyRecord]:
    return participant.study_records.order_by("created_at")


def quiz_attempts(*, participant: Participant) -> int:
    return participant.study_records.filter(kind=StudyKind.QUIZ).count()


def sessions_for_unit(*, rollout: Rollout, unit: Unit) -> QuerySet[Session]:
    """Sessions with a point in `unit`'s subtree."""
    ids = ConnectionPoint.objects.filter(
        session__rollout=rollout, unit__path__startswith=unit.path
    ).values("session_id")
    return Session.objects.filter(pk__in=ids).select_related("unit", "chair").order_by("-starts_at")


def session_get_for_actor(*, actor: Actor, pk: int, action: str = "rollout.view") -> Session:
    session = Session.objects.select_related("rollout", "unit", "chair").filter(pk=pk).first()
    if session is None:
        raise Http404
    points = list(session.points.select_related("unit"))
    if not any(scoping.can(actor, action, p.unit) for p in points):
        raise Http404
    return session


def participant_search(*, actor: Actor, rollout: Rollout, query: str = "") -> QuerySet[Participant]:
    """Participants of `rollout` in the actor's marking scope whose name (without diacritics)
    contains `query`; without a query, those currently exempt."""
    qs = (
        Participant.objects.filter(rollout=rollout)
        .filter(scoping.scope_q(actor, "rollout.mark", field="unit"))
        .select_related("person", "unit")
    )
    text = strip_diacritics(query)
    qs = qs.filter(person__search_text__contains=text) if text else qs.filter(exempt=True)
    return qs.order_by("person__sort_key", "pk")


def participant_get_for_actor(
    *, actor: Actor, rollout: Rollout, pk: int, action: str = "rollout.mark"
) -> Participant:
    participant = (
        Participant.objects.select_related("person", "unit", "rollout")
        .filter(rollout=rollout, pk=pk)
        .first()
    )
    if participant is None:
        raise Http404
    scoping.require(actor, action, participant.unit)
    return participant


def unit_deadlines_around(*, rollout: Rollout, unit: Unit) -> QuerySet[UnitDeadline]:
    """Deadlines set by the levels above `unit` (its ancestors), by itself and below it."""
    ancestors = [unit.path[:i] for i in range(Unit.steplen, len(unit.path) + 1, Unit.steplen)]
    return (
        UnitDeadline.objects.filter(rollout=rollout)
        .filter(Q(unit__path__in=ancestors) | Q(unit__path__startswith=unit.path))
        .select_related("unit", "set_by")
        .order_by("unit__path")
    )


def deadline_unit_choices(*, actor: Actor, rollout: Rollout, unit: Unit) -> QuerySet[Unit]:
    """Units for which the actor may set "thời hạn của cấp": `unit` and its children, in the
    rollout's subtree and the actor's deadline scope."""
    return (
        Unit.objects.filter(path__startswith=unit.path, depth__lte=unit.depth + 1)
        .filter(path__startswith=rollout.unit.path, valid_to__isnull=True)
        .filter(scoping.scope_q(actor, "rollout.deadline", field=""))
        .order_by("path")
    )


# --- registered with directives.hooks (RolloutConfig.ready) -----------------------------------


def directives_rolled_out_to(actor: Actor) -> Q:
    """Directives visible to the actor because they were rolled out into their scope."""
    return Q(pk__in=rollout_list(actor=actor).values("directive_id"))


def rollouts_of_directive(actor: Actor, directive: Any) -> list[Rollout]:
    return list(rollout_list(actor=actor).filter(directive=directive))


SUBTREE_FIELDS = ("people", "exempt", "done", "attended", "makeup", "committed")


def subtree_figures(rollout: Rollout | int, unit_ids: Iterable[int]) -> dict[int, dict[str, int]]:
    """{unit id: {field: total over the unit's whole subtree}} from the maintained roll-ups
    (ADR 0004): one query reading `SHARDS` rows per unit, whatever the size of the subtrees."""
    result: dict[int, dict[str, int]] = {}
    for row in (
        RolloutSubtreeStat.objects.filter(rollout=rollout, unit_id__in=list(unit_ids))
        .values("unit_id")
        .annotate(**{f"s_{f}": Sum(f) for f in SUBTREE_FIELDS})
        .order_by()
    ):
        result[row["unit_id"]] = {f: row[f"s_{f}"] or 0 for f in SUBTREE_FIELDS}
    return result
