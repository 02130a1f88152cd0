"""Launching a rollout, keeping its participants (denominators) and counters exact."""

import datetime
from collections.abc import Callable, Iterable
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from apps.access import scoping
from apps.common.audit import actor_user
from apps.common.errors import ApplicationError
from apps.common.types import Actor
from apps.directives.models import Directive
from apps.org.models import Unit
from apps.people.models import Person
from apps.rollout.models import Participant, Rollout, RolloutUnitStat
from apps.rollout.services import rollups

BATCH = 2000


def audience_people(rollout: Rollout) -> QuerySet[Person]:
    """People of the rollout's subtree who belong to its audience."""
    qs = Person.objects.filter(unit__path__startswith=rollout.unit.path)
    if rollout.audience_all:
        return qs
    cond = Q(pk__in=[])
    if rollout.audience_mask:
        qs = qs.alias(audience_hit=F("category_mask").bitand(rollout.audience_mask))
        cond |= Q(audience_hit__gt=0)
    if rollout.audience_heads:
        cond |= Q(is_head=True)
    return qs.filter(cond)


def done_condition(rollout: Rollout) -> Q:
    cond = Q(exempt=False) & (Q(attended=True) | Q(makeup_passed=True))
    if rollout.requires_commitment:
        cond &= Q(commitment_signed=True)
    return cond


def refresh_done(rollout: Rollout, participants: QuerySet[Participant]) -> None:
    """Sets `done`/`done_at` from the components, in two set-based updates."""
    cond = done_condition(rollout)
    participants.filter(cond, done=False).update(done=True, done_at=timezone.now())
    participants.exclude(cond).filter(done=True).update(done=False, done_at=None)


def lock_stats(rollout_id: int, unit_ids: Iterable[int]) -> list[int]:
    """Creates missing counter rows, then locks them (row locks on PostgreSQL; SQLite's
    IMMEDIATE transactions already serialise writers). Call before changing participants.

    Takes the shared tree lock first (rollups.tree_lock_shared), so a move of units never runs
    between reading a unit's ancestors and adding to their totals."""
    ids = sorted(set(unit_ids))
    rollups.tree_lock_shared()
    RolloutUnitStat.objects.bulk_create(
        [RolloutUnitStat(rollout_id=rollout_id, unit_id=u) for u in ids],
        ignore_conflicts=True,
        batch_size=BATCH,
    )
    list(
        RolloutUnitStat.objects.select_for_update()
        .filter(rollout_id=rollout_id, unit_id__in=ids)
        .order_by("unit_id")
        .values_list("pk", flat=True)
    )
    return ids


def stats_recompute(rollout_id: int, unit_ids: Iterable[int]) -> None:
    """Recounts the counters of `unit_ids` from the participant rows (exact by construction)
    and adds the differences to the subtree totals of those units and their ancestors.
    The caller holds the rows' locks (lock_stats)."""
    ids = sorted(set(unit_ids))
    if not ids:
        return
    counts = {
        row["unit_id"]: row
        for row in Participant.objects.filter(rollout_id=rollout_id, unit_id__in=ids)
        .values("unit_id")
        .annotate(
            n_people=Count("pk"),
            n_exempt=Count("pk", filter=Q(exempt=True)),
            n_done=Count("pk", filter=Q(done=True)),
            n_attended=Count("pk", filter=Q(attended=True)),
            n_makeup=Count("pk", filter=Q(makeup_passed=True)),
            n_committed=Count("pk", filter=Q(commitment_signed=True)),
        )
        .order_by()
    }
    stats = list(
        RolloutUnitStat.objects.filter(rollout_id=rollout_id, unit_id__in=ids).annotate(
            unit_path=F("unit__path")
        )
    )
    changed: list[RolloutUnitStat] = []
    diffs: list[tuple[int, str, tuple[int, ...]]] = []
    for stat in stats:
        row = counts.get(stat.unit_id, {})
        old = tuple(getattr(stat, f) for f in rollups.FIELDS)
        new = tuple(row.get(f"n_{f}", 0) for f in rollups.FIELDS)
        if new == old:
            continue
        for f, value in zip(rollups.FIELDS, new, strict=True):
            setattr(stat, f, value)
        changed.append(stat)
        diffs.append(
            (stat.unit_id, stat.unit_path, tuple(n - o for n, o in zip(new, old, strict=True)))
        )
    RolloutUnitStat.objects.bulk_update(changed, list(rollups.FIELDS), batch_size=BATCH)
    rollups.add_own_changes(rollout_id, diffs)


def rollout_launch_check(
    *,
    actor: Actor,
    unit: Unit,
    starts_on: datetime.date,
    dissemination_due: datetime.date,
    plan_due: datetime.date,
    audience_all: bool = True,
    audience_mask: int = 0,
    audience_heads: bool = False,
    quiz_pass_percent: int = 70,
    quiz_max_attempts: int = 3,
    **_: Any,
) -> None:
    """The launch's rules, checked before anything is written (also before a background job)."""
    if actor is not None:
        scoping.require(actor, "rollout.manage", unit)
    if dissemination_due < starts_on or plan_due < starts_on:
        raise ApplicationError("Thời hạn phải sau ngày bắt đầu đợt triển khai.")
    if not audience_all and not audience_mask and not audience_heads:
        raise ApplicationError("Hãy chọn ít nhất một nhóm đối tượng.")
    if not 1 <= quiz_pass_percent <= 100:
        raise ApplicationError("Điểm đạt phải từ 1 đến 100 (%).")
    if quiz_max_attempts < 1:
        raise ApplicationError("Số lần làm bài tối đa phải từ 1 trở lên.")


@transaction.atomic
def rollout_launch(
    *,
    actor: Actor,
    directive: Directive,
    unit: Unit,
    title: str,
    starts_on: datetime.date,
    dissemination_due: datetime.date,
    plan_due: datetime.date,
    audience_all: bool = True,
    audience_mask: int = 0,
    audience_heads: bool = False,
    requires_commitment: bool = True,
    quiz_pass_percent: int = 70,
    quiz_max_attempts: int = 3,
    progress: Callable[[int, int], None] | None = None,
) -> Rollout:
    """Sends a directive to a subtree: creates the participant list and the counters."""
    rollout_launch_check(
        actor=actor,
        unit=unit,
        starts_on=starts_on,
        dissemination_due=dissemination_due,
        plan_due=plan_due,
        audience_all=audience_all,
        audience_mask=audience_mask,
        audience_heads=audience_heads,
        quiz_pass_percent=quiz_pass_percent,
        quiz_max_attempts=quiz_max_attempts,
    )
    rollout = Rollout(
        directive=directive,
        unit=unit,
        title=title.strip(),
        starts_on=starts_on,
        dissemination_due=dissemination_due,
        plan_due=plan_due,
        audience_all=audience_all,
        audience_mask=audience_mask,
        audience_heads=audience_heads,
        requires_commitment=requires_commitment,
        quiz_pass_percent=quiz_pass_percent,
        quiz_max_attempts=quiz_max_attempts,
        created_by=actor_user(actor),
    )
    rollout.full_clean()
    rollout._history_user = rollout.created_by  # type: ignore[attr-defined]
    rollout.save()
    people = audience_people(rollout).values_list("pk", "unit_id")
    total = people.count() if progress is not None else 0
    batch: list[Participant] = []
    done = 0
    for person_id, unit_id in people.iterator(chunk_size=BATCH):
        batch.append(
            Participant(rollout=rollout, person_id=person_id, unit_id=unit_id, joined_on=starts_on)
        )
        if len(batch) >= BATCH:
            Participant.objects.bulk_create(batch)
            done += len(batch)
            batch = []
            if progress is not None:
                progress(done, total)
    Participant.objects.bulk_create(batch)
    unit_ids = Unit.objects.filter(path__startswith=unit.path).values_list("pk", flat=True)
    lock_stats(rollout.pk, unit_ids)
    stats_recompute(rollout.pk, unit_ids)
    return rollout


def participants_follow_people(person_ids: list[int]) -> None:
    """People hook: transferred people count where they are now; new people join running rollouts.

    A transferred person keeps what they did and is counted at their new unit, in every rollout
    (finished ones too, so no one stays counted at a closed unit). A person new to a rollout's
    subtree (and in its audience) is added to its denominator from today, while the rollout is
    still running.
    """
    today = timezone.localdate()
    people = list(Person.objects.filter(pk__in=person_ids).select_related("unit"))
    rollout_ids = set(
        Participant.objects.filter(person_id__in=person_ids).values_list("rollout_id", flat=True)
    )
    running = Rollout.objects.filter(dissemination_due__gte=today).values_list("pk", flat=True)
    rollouts = Rollout.objects.select_related("unit").filter(pk__in=rollout_ids | set(running))
    for rollout in rollouts:
        existing = {
            p.person_id: p
            for p in Participant.objects.filter(rollout=rollout, person_id__in=person_ids)
        }
        touched: set[int] = set()
        moved: list[Participant] = []
        for person in people:
            participant = existing.get(person.pk)
            if participant is not None and participant.unit_id != person.unit_id:
                touched.update({participant.unit_id, person.unit_id})
                participant.unit_id = person.unit_id
                moved.append(participant)
        new: list[Participant] = []
        if rollout.dissemination_due >= today:
            inside = [p for p in people if p.unit.path.startswith(rollout.unit.path)]
            eligible = set(
                audience_people(rollout)
                .filter(pk__in=[p.pk for p in inside])
                .values_list("pk", flat=True)
            )
            new = [
                Participant(rollout=rollout, person=p, unit_id=p.unit_id, joined_on=today)
                for p in inside
                if p.pk in eligible and p.pk not in existing
            ]
            touched.update(p.unit_id for p in new)
        if not touched:
            continue
        lock_stats(rollout.pk, touched)
        Participant.objects.bulk_update(moved, ["unit"], batch_size=BATCH)
        Participant.objects.bulk_create(new, batch_size=BATCH)
        stats_recompute(rollout.pk, touched)


@transaction.atomic
def participant_set_exempt(
    *, actor: Actor, participant: Participant, exempt: bool, reason: str = ""
) -> Participant:
    """Marks a person on long leave (or similar) as exempt, with a reason; or lifts it."""
    scoping.require(actor, "rollout.mark", participant.unit)
    if exempt and not reason.strip():
        raise ApplicationError("Hãy ghi lý do miễn (ví dụ: nghỉ ốm dài ngày, đi học tập trung).")
    lock_stats(participant.rollout_id, [participant.unit_id])
    participant = Participant.objects.select_related("rollout").get(pk=participant.pk)
    participant.exempt = exempt
    participant.exempt_reason = reason.strip() if exempt else ""
    participant._history_user = actor  # type: ignore[attr-defined]
    participant.save(update_fields=["exempt", "exempt_reason"])
    refresh_done(participant.rollout, Participant.objects.filter(pk=participant.pk))
    stats_recompute(participant.rollout_id, [participant.unit_id])
    participant.refresh_from_db()
    return participant
