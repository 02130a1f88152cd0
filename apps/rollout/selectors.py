"""Reads of rollouts and their progress, scoped to the actor."""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr, TruncDate
from django.http import Http404
from django.utils import timezone

from apps.org import scoping
from apps.org.models import Unit
from apps.people.models import Person
from apps.plans.enums import PlanStatus
from apps.plans.models import Plan
from apps.rollout.enums import AttendanceStatus, ObligationState, StudyKind
from apps.rollout.models import (
    Attendance,
    ConnectionPoint,
    Participant,
    Rollout,
    RolloutUnitStat,
    Session,
    StudyRecord,
)
from apps.rollout.services.deadlines import DeadlineBook, Deadlines


def rollout_list(*, actor: Any) -> QuerySet[Rollout]:
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


def rollout_get_for_actor(*, actor: Any, pk: int) -> Rollout:
    rollout = rollout_list(actor=actor).filter(pk=pk).first()
    if rollout is None:
        raise Http404
    return rollout


def default_unit(*, actor: Any, rollout: Rollout) -> Unit:
    """Where the actor's view of a rollout starts: its root, or the actor's own scope root."""
    if scoping.can(actor, "rollout.view", rollout.unit):
        return rollout.unit
    for root in scoping.scope_roots(actor, "rollout.view"):
        if root.path.startswith(rollout.unit.path):
            return root
    raise Http404


def progress_unit_for_actor(*, actor: Any, rollout: Rollout, unit_pk: int | None) -> Unit:
    if unit_pk is None:
        return default_unit(actor=actor, rollout=rollout)
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None or not unit.path.startswith(rollout.unit.path):
        raise Http404
    scoping.require(actor, "rollout.view", unit)
    return unit


@dataclass
class ProgressRow:
    unit: Unit
    own: bool = False
    people: int = 0
    exempt: int = 0
    done: int = 0
    attended: int = 0
    makeup: int = 0
    committed: int = 0
    sessions_held: int = 0
    sessions_planned: int = 0
    plan_status: str = ""
    deadlines: Deadlines | None = None
    obligations: dict[str, str] = field(default_factory=dict)

    @property
    def required(self) -> int:
        return self.people - self.exempt

    @property
    def percent(self) -> float:
        return round(100 * self.done / self.required, 1) if self.required else 100.0

    @property
    def overdue(self) -> bool:
        return ObligationState.OVERDUE in self.obligations.values()

    @property
    def plan_submitted(self) -> bool:
        return self.plan_status in {PlanStatus.SUBMITTED, PlanStatus.APPROVED}

    def obligation_label(self, name: str) -> str:
        return ObligationState(self.obligations[name]).label if name in self.obligations else ""


@dataclass
class Progress:
    rollout: Rollout
    unit: Unit
    total: ProgressRow
    rows: list[ProgressRow]


_STAT_FIELDS = ("people", "exempt", "done", "attended", "makeup", "committed")


def _obligations(row: ProgressRow, today: datetime.date) -> dict[str, str]:
    assert row.deadlines is not None
    due, plan_due = row.deadlines.dissemination, row.deadlines.plan
    if row.sessions_held:
        session = ObligationState.DONE
    elif today > due:
        session = ObligationState.OVERDUE
    elif row.sessions_planned:
        session = ObligationState.IN_PROGRESS
    else:
        session = ObligationState.NOT_STARTED
    if row.done >= row.required:
        people = ObligationState.DONE
    elif today > due:
        people = ObligationState.OVERDUE
    elif row.done:
        people = ObligationState.IN_PROGRESS
    else:
        people = ObligationState.NOT_STARTED
    if row.plan_submitted:
        plan = ObligationState.DONE
    elif today > plan_due:
        plan = ObligationState.OVERDUE
    elif row.plan_status:
        plan = ObligationState.IN_PROGRESS
    else:
        plan = ObligationState.NOT_STARTED
    return {"session": session, "people": people, "plan": plan}


def rollout_progress(*, rollout: Rollout, unit: Unit, today: datetime.date | None = None) -> Progress:
    """Figures of `unit`'s children (and of people directly in `unit`), with totals.

    Caller must have checked scope (progress_unit_for_actor). A fixed number of queries,
    whatever the size of the subtree: every figure is a GROUP BY on path prefixes.
    """
    today = today or timezone.localdate()
    width = len(unit.path) + Unit.steplen
    children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1)
        .filter(Q(valid_to__isnull=True) | Q(pk__in=RolloutUnitStat.objects.filter(rollout=rollout, people__gt=0).values("unit_id")))
        .select_related("kind")
        .order_by("sort_key")
    )
    rows = {c.path: ProgressRow(unit=c) for c in children}
    own = ProgressRow(unit=unit, own=True)
    stats = (
        RolloutUnitStat.objects.filter(rollout=rollout, unit__path__startswith=unit.path)
        .annotate(prefix=Substr("unit__path", 1, width))
        .values("prefix")
        .annotate(**{f"s_{f}": Sum(f) for f in _STAT_FIELDS})
    )
    for stat in stats:
        row = rows.get(stat["prefix"], own if stat["prefix"] == unit.path else None)
        if row is None:
            continue
        for f in _STAT_FIELDS:
            setattr(row, f, getattr(row, f) + (stat[f"s_{f}"] or 0))
    now = timezone.now()
    sessions = (
        ConnectionPoint.objects.filter(
            session__rollout=rollout, unit__path__startswith=unit.path
        )
        .annotate(prefix=Substr("unit__path", 1, width))
        .values("prefix")
        .annotate(
            held=Count("session", filter=Q(session__starts_at__lte=now), distinct=True),
            planned=Count("session", filter=Q(session__starts_at__gt=now), distinct=True),
        )
    )
    for s in sessions:
        row = rows.get(s["prefix"], own if s["prefix"] == unit.path else None)
        if row is not None:
            row.sessions_held += s["held"]
            row.sessions_planned += s["planned"]
    plans = Plan.objects.filter(
        rollout=rollout, unit__path__in=[*rows.keys(), unit.path]
    ).values_list("unit__path", "status")
    for path, status in plans:
        row = rows.get(path, own if path == unit.path else None)
        if row is not None:
            row.plan_status = status
    book = DeadlineBook(rollout)
    total = ProgressRow(unit=unit)
    for row in [own, *rows.values()]:
        for f in _STAT_FIELDS:
            setattr(total, f, getattr(total, f) + getattr(row, f))
        total.sessions_held += row.sessions_held
        total.sessions_planned += row.sessions_planned
        row.deadlines = book.for_unit(row.unit)
        row.obligations = _obligations(row, today)
    total.plan_status = own.plan_status
    total.deadlines = book.for_unit(unit)
    total.obligations = _obligations(total, today)
    result = [r for r in rows.values()]
    if own.people:
        result.insert(0, own)
    return Progress(rollout=rollout, unit=unit, total=total, rows=result)


def completion_over_time(*, rollout: Rollout, unit: Unit) -> list[tuple[datetime.date, int]]:
    """Cumulative number of people done, per day, in `unit`'s subtree."""
    per_day = (
        Participant.objects.filter(
            rollout=rollout, unit__path__startswith=unit.path, done=True, done_at__isnull=False
        )
        .annotate(day=TruncDate("done_at"))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    running = 0
    series = []
    for row in per_day:
        running += row["n"]
        series.append((row["day"], running))
    return series


@dataclass
class PendingPerson:
    participant: Participant
    reason: str


def not_done_people(*, rollout: Rollout, unit: Unit) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(rollout=rollout, unit__path__startswith=unit.path, done=False)
        .select_related("person", "unit")
        .order_by("unit__sort_key", "person__sort_key")
    )


def explain_pending(rollout: Rollout, participants: list[Participant]) -> list[PendingPerson]:
    """Why each person is not done yet (one query for their absences)."""
    absences: dict[int, Attendance] = {}
    for a in (
        Attendance.objects.filter(participant__in=participants)
        .exclude(status=AttendanceStatus.PRESENT)
        .select_related("session")
        .order_by("marked_at")
    ):
        absences[a.participant_id] = a
    result = []
    for p in participants:
        if p.exempt:
            reason = f"Được miễn: {p.exempt_reason}"
        elif p.attended or p.makeup_passed:
            reason = "Chưa ký bản cam kết"
        elif p.pk in absences:
            a = absences[p.pk]
            why = f" ({a.reason})" if a.reason else ""
            reason = f"{a.get_status_display()}{why} tại “{a.session.title}”; chưa học bù"
        else:
            reason = "Chưa dự hội nghị, chưa học bù"
        result.append(PendingPerson(participant=p, reason=reason))
    return result


def participations_for_person(*, person: Person) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(person=person)
        .select_related("rollout", "rollout__directive", "rollout__directive__kind", "unit")
        .order_by("-rollout__starts_on")
    )


def participation_get_for_member(*, actor: Any, pk: int) -> Participant:
    participant = (
        Participant.objects.select_related(
            "rollout", "rollout__directive", "rollout__directive__kind", "person", "unit"
        )
        .filter(pk=pk, person__user=actor)
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


def session_get_for_actor(*, actor: Any, pk: int, action: str = "rollout.view") -> Session:
    session = Session.objects.select_related("rollout", "unit", "chair").filter(pk=pk).first()
    if session is None:
        raise Http404
    points = list(session.points.select_related("unit"))
    if not any(scoping.can(actor, action, p.unit) for p in points):
        raise Http404
    return session


def overdue_units(*, actor: Any, rollout: Rollout, unit: Unit) -> list[ProgressRow]:
    """Children of `unit` with an overdue obligation (escalation list of the level above)."""
    return [r for r in rollout_progress(rollout=rollout, unit=unit).rows if r.overdue]

