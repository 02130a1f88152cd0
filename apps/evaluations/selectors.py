"""Reads: periods and evaluations in the actor's scope, the evidence the system holds for a
period, the decision queue, the distribution of levels, the "rating" facts and work items."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from apps.access import scoping
from apps.access.enums import Role
from apps.access.models import Assignment
from apps.common.facts import Fact, FactQuery, collect
from apps.common.plugins import WorkItem
from apps.evaluations.enums import EvaluationStatus, PeriodStatus, SubjectKind
from apps.evaluations.models import (
    DecisionAttempt,
    Evaluation,
    EvaluationPeriod,
    RatingLevel,
)
from apps.evaluations.rules import CapResult, Level, Rules, rules_for
from apps.evaluations.services import caps_of, subject_facts
from apps.org.models import Unit
from apps.org.paths import ancestor_paths, child_width
from apps.people.models import Person, PersonCategory
from apps.plans.enums import TaskStatus
from apps.plans.models import Plan, Report, Task
from apps.rollout.enums import AttendanceStatus, StudyKind
from apps.rollout.models import Attendance, Participant, Rollout, RolloutUnitStat, StudyRecord

S = EvaluationStatus
PERSON, UNIT = SubjectKind.PERSON.value, SubjectKind.UNIT.value
EVIDENCE_KINDS = (
    ("finding", "Kết luận kiểm tra, giám sát nêu tên"),
    ("discipline", "Kỷ luật"),
    ("feedback", "Phản ánh của người dân có cơ sở"),
    ("commendation", "Khen thưởng"),
    ("praise", "Biểu dương"),
)


# --- periods ---------------------------------------------------------------------------


def _period_q(actor: Any, action: str) -> Q:
    """Periods opened in the actor's scope, or above it (they cover the actor's units)."""
    if scoping.is_admin(actor):
        return Q()
    query = scoping.scope_q(actor, action, field="unit")
    above: set[str] = set()
    for path in scoping.scope_paths(actor, action):
        above.update(ancestor_paths(path))
    if above:
        query |= Q(unit__path__in=sorted(above))
    return query


def period_list(*, actor: Any) -> QuerySet[EvaluationPeriod]:
    return (
        EvaluationPeriod.objects.filter(_period_q(actor, "evaluation.view"))
        .select_related("unit", "kind", "rule_set")
        .order_by("-end", "-pk")
    )


def period_get_for_actor(
    *, actor: Any, pk: int, action: str = "evaluation.view"
) -> EvaluationPeriod:
    period = (
        EvaluationPeriod.objects.filter(_period_q(actor, action), pk=pk)
        .select_related("unit", "kind", "rule_set")
        .first()
    )
    if period is None:
        raise Http404
    return period


def period_unit_for_actor(
    *, actor: Any, period: EvaluationPeriod, unit_pk: int | None, action: str = "evaluation.view"
) -> Unit:
    """The unit whose part of the period the actor looks at: one inside both the period's
    subtree and the actor's scope; by default the highest such unit (404 otherwise)."""
    if unit_pk is None:
        if scoping.can(actor, action, period.unit):
            return period.unit
        for path in scoping.scope_paths(actor, action):
            if path.startswith(period.unit.path):
                return Unit.objects.get(path=path)
        raise Http404
    unit = Unit.objects.filter(pk=unit_pk, path__startswith=period.unit.path).first()
    if unit is None:
        raise Http404
    scoping.require(actor, action, unit)
    return unit


# --- evaluations -----------------------------------------------------------------------


def evaluation_get_for_actor(
    *, actor: Any, pk: int, action: str = "evaluation.view", for_update: bool = False
) -> Evaluation:
    qs = Evaluation.objects.select_related(
        "period__rule_set", "period__unit", "period__kind", "person", "unit", "body",
        "self_level", "head_level", "final_level",
    )  # fmt: skip
    if for_update:
        qs = qs.select_for_update()
    evaluation = qs.filter(pk=pk).first()
    if evaluation is None:
        raise Http404
    scoping.require(actor, action, evaluation.unit)
    return evaluation


def evaluation_get_for_viewer(*, actor: Any, pk: int) -> tuple[Evaluation, bool]:
    """A person's own evaluation (own=True), or one an official may view in their scope."""
    evaluation = (
        Evaluation.objects.select_related(
            "period__rule_set",
            "period__unit",
            "period__kind",
            "person",
            "unit",
            "body",
            "self_level",
            "head_level",
            "final_level",
        )  # fmt: skip
        .filter(pk=pk, subject_kind=PERSON)
        .first()
    )
    if evaluation is None or evaluation.person is None:
        raise Http404
    if scoping.is_self(actor, evaluation.person):
        return evaluation, True
    if scoping.can(actor, "evaluation.view", evaluation.unit):
        return evaluation, False
    raise Http404


def my_evaluations(*, actor: Any) -> QuerySet[Evaluation]:
    if not actor.is_authenticated:
        return Evaluation.objects.none()
    return (
        Evaluation.objects.filter(person__user=actor, subject_kind=PERSON)
        .select_related("period__kind", "period__unit", "final_level", "self_level")
        .order_by("-period__end", "-pk")
    )


def evaluation_list(
    *,
    period: EvaluationPeriod,
    unit: Unit,
    status: str = "",
    subject_kind: str = PERSON,
) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.filter(
        period=period, subject_kind=subject_kind, unit__path__startswith=unit.path
    )
    if status:
        qs = qs.filter(status=status)
    return qs.select_related(
        "person", "unit", "body", "self_level", "head_level", "final_level"
    ).order_by("unit__path", "person__sort_key", "pk")


def status_counts(*, period: EvaluationPeriod, unit: Unit, subject_kind: str = PERSON) -> list[Any]:
    rows = dict(
        Evaluation.objects.filter(
            period=period, subject_kind=subject_kind, unit__path__startswith=unit.path
        )
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    return [(s.value, s.label, rows.get(s.value, 0)) for s in S]


def evaluation_steps(*, evaluation: Evaluation) -> list[Any]:
    return list(evaluation.steps.select_related("level").order_by("at", "pk"))


def evaluation_scores(*, evaluation: Evaluation) -> dict[int, Any]:
    return {s.group_id: s for s in evaluation.scores.all()}


# --- evidence --------------------------------------------------------------------------


@dataclass
class Evidence:
    sessions_attended: int = 0
    sessions_absent: int = 0
    makeup_passed: int = 0
    quiz_best: int | None = None
    quiz_passed: bool = False
    commitments: int = 0
    rollouts: int = 0
    tasks_total: int = 0
    tasks_done: int = 0
    tasks_overdue: int = 0
    tasks_open: int = 0
    facts: list[tuple[str, list[Fact]]] = field(default_factory=list)
    caps: list[CapResult] = field(default_factory=list)
    # units only
    rollout_people: int = 0
    rollout_done: int = 0
    plans_total: int = 0
    plans_late: int = 0
    reports_total: int = 0
    reports_late: int = 0
    open_findings: int = 0
    members: list[tuple[str, int]] = field(default_factory=list)

    @property
    def rollout_percent(self) -> float | None:
        return (
            round(100 * self.rollout_done / self.rollout_people, 1) if self.rollout_people else None
        )


def _bounds(period: EvaluationPeriod) -> tuple[datetime.datetime, datetime.datetime]:
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(period.end, datetime.time.max, tzinfo=tz)
    return start, end


def evidence_for(*, evaluation: Evaluation, rules: Rules | None = None) -> Evidence:
    """What the system holds for the subject in the period, read-only."""
    period = evaluation.period
    rules = rules or rules_for(period.rule_set)
    ev = Evidence()
    start, end = _bounds(period)
    today = timezone.localdate()
    if evaluation.subject_kind == PERSON:
        person_id = int(evaluation.person_id or 0)
        attendance = Attendance.objects.filter(
            participant__person_id=person_id, session__starts_at__range=(start, end)
        ).aggregate(
            present=Count("pk", filter=Q(status=AttendanceStatus.PRESENT)),
            absent=Count("pk", filter=~Q(status=AttendanceStatus.PRESENT)),
        )
        ev.sessions_attended = int(attendance["present"] or 0)
        ev.sessions_absent = int(attendance["absent"] or 0)
        participants = Participant.objects.filter(
            person_id=person_id, rollout__starts_on__lte=period.end
        ).filter(Q(rollout__dissemination_due__gte=period.start))
        agg = participants.aggregate(
            n=Count("pk"),
            makeup=Count("pk", filter=Q(makeup_passed=True)),
            committed=Count("pk", filter=Q(commitment_signed=True)),
        )
        ev.rollouts = int(agg["n"] or 0)
        ev.makeup_passed = int(agg["makeup"] or 0)
        ev.commitments = int(agg["committed"] or 0)
        quiz = (
            StudyRecord.objects.filter(
                participant__in=participants, kind=StudyKind.QUIZ, created_at__range=(start, end)
            )
            .order_by("-score")
            .values_list("score", "passed")
            .first()
        )
        if quiz is not None:
            ev.quiz_best, ev.quiz_passed = quiz[0], bool(quiz[1])
        tasks = Task.objects.filter(
            owner_id=person_id, deadline__range=(period.start, period.end)
        ).exclude(status=TaskStatus.CANCELLED)
        t = tasks.aggregate(
            n=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            overdue=Count(
                "pk", filter=~Q(status=TaskStatus.DONE) & Q(deadline__lt=min(today, period.end))
            ),
        )
        ev.tasks_total, ev.tasks_done = int(t["n"] or 0), int(t["done"] or 0)
        ev.tasks_overdue = int(t["overdue"] or 0)
        ev.tasks_open = ev.tasks_total - ev.tasks_done
    else:
        unit = evaluation.unit
        stats = RolloutUnitStat.objects.filter(
            unit__path__startswith=unit.path,
            rollout__starts_on__lte=period.end,
            rollout__dissemination_due__gte=period.start,
        ).aggregate(people=Sum("people"), exempt=Sum("exempt"), done=Sum("done"))
        ev.rollout_people = int(stats["people"] or 0) - int(stats["exempt"] or 0)
        ev.rollout_done = int(stats["done"] or 0)
        plans = Plan.objects.filter(unit=unit, rollout__starts_on__lte=period.end).aggregate(
            n=Count("pk"), late=Count("pk", filter=Q(submitted_late=True))
        )
        ev.plans_total, ev.plans_late = int(plans["n"] or 0), int(plans["late"] or 0)
        reports = Report.objects.filter(
            unit=unit, period__ends_on__range=(period.start, period.end)
        ).aggregate(n=Count("pk"), late=Count("pk", filter=Q(submitted_late=True)))
        ev.reports_total, ev.reports_late = int(reports["n"] or 0), int(reports["late"] or 0)
        tasks = Task.objects.filter(unit=unit, deadline__range=(period.start, period.end))
        t = tasks.exclude(status=TaskStatus.CANCELLED).aggregate(
            n=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            overdue=Count(
                "pk", filter=~Q(status=TaskStatus.DONE) & Q(deadline__lt=min(today, period.end))
            ),
        )
        ev.tasks_total, ev.tasks_done = int(t["n"] or 0), int(t["done"] or 0)
        ev.tasks_overdue = int(t["overdue"] or 0)
        ev.tasks_open = ev.tasks_total - ev.tasks_done
        members = dict(
            Evaluation.objects.filter(
                period=period,
                subject_kind=PERSON,
                unit__path__startswith=unit.path,
                status=S.DECIDED,
            )
            .values_list("final_level__code")
            .annotate(n=Count("pk"))
            .values_list("final_level__code", "n")
        )
        ev.members = [(lv.name, members.get(lv.code, 0)) for lv in _levels(rules)]
    for kind, label in EVIDENCE_KINDS:
        found = subject_facts(evaluation, kind)
        if kind == "finding":
            ev.open_findings = sum(1 for f in found if f.open)
        ev.facts.append((label, found))
    ev.caps = caps_of(evaluation, rules)
    return ev


def _levels(rules: Rules) -> list[Level]:
    return sorted(rules.levels.values(), key=lambda lv: lv.rank)


# --- decision queue --------------------------------------------------------------------


@dataclass
class QueueRow:
    evaluation: Evaluation
    points: Decimal
    allowed: Level
    caps: list[CapResult]
    chosen: str = ""


def decision_queue(
    *, period: EvaluationPeriod, body: Unit, subject_kind: str = PERSON
) -> list[QueueRow]:
    rules = rules_for(period.rule_set)
    rows = []
    qs = (
        Evaluation.objects.filter(
            period=period, body=body, subject_kind=subject_kind, status=S.PROPOSED
        )
        .select_related("person", "unit", "body", "period", "self_level", "head_level")
        .order_by("unit__path", "person__sort_key", "pk")
    )
    for evaluation in qs:
        points = (
            evaluation.head_points
            if evaluation.head_points is not None
            else evaluation.self_points or Decimal(0)
        )
        caps = caps_of(evaluation, rules)
        rows.append(QueueRow(evaluation, points, rules.allowed(points, caps), caps))
    return rows


def decided_counts(
    *, period: EvaluationPeriod, body: Unit, subject_kind: str = PERSON
) -> dict[str, int]:
    return dict(
        Evaluation.objects.filter(
            period=period, body=body, subject_kind=subject_kind, status=S.DECIDED
        )
        .values_list("final_level__code")
        .annotate(n=Count("pk"))
        .values_list("final_level__code", "n")
    )


def decision_attempts(*, period: EvaluationPeriod, unit: Unit) -> QuerySet[DecisionAttempt]:
    return DecisionAttempt.objects.filter(
        period=period, body__path__startswith=unit.path
    ).select_related("body")


def bodies_waiting(*, actor: Any, period: EvaluationPeriod) -> list[tuple[Unit, int]]:
    """The bodies of the period the actor may decide for, with how many wait for them."""
    rows = (
        Evaluation.objects.filter(period=period, status=S.PROPOSED)
        .filter(scoping.scope_q(actor, "evaluation.decide", field="body"))
        .values_list("body_id")
        .annotate(n=Count("pk"))
        .values_list("body_id", "n")
    )
    counts = dict(rows)
    units = Unit.objects.in_bulk(list(counts))
    return [(units[pk], n) for pk, n in sorted(counts.items(), key=lambda r: units[r[0]].path)]


# --- distribution and outliers (the leaders' view) ----------------------------------------


@dataclass
class DistributionRow:
    unit: Unit
    counts: list[int]  # per level, best first
    decided: int
    total: int
    rollout_percent: float | None = None
    flags: list[str] = field(default_factory=list)

    @property
    def shares(self) -> list[float]:
        return [round(100 * c / self.decided, 1) if self.decided else 0.0 for c in self.counts]


def level_distribution(
    *, period: EvaluationPeriod, unit: Unit
) -> tuple[list[Level], list[DistributionRow], DistributionRow]:
    """Decided levels of people per child unit of `unit` (one grouped query), with the rollout
    completion of each child for the outlier rule."""
    rules = rules_for(period.rule_set)
    levels = _levels(rules)
    width = child_width(unit.path)
    children = list(
        Unit.objects.filter(path__startswith=unit.path, depth=unit.depth + 1).order_by("path")
    )
    base = Evaluation.objects.filter(
        period=period, subject_kind=PERSON, unit__path__startswith=unit.path
    )
    grouped = (
        base.annotate(prefix=Substr("unit__path", 1, width))
        .values_list("prefix", "final_level__code")
        .annotate(n=Count("pk"))
        .values_list("prefix", "final_level__code", "n")
    )
    table: dict[str, dict[str | None, int]] = {}
    for prefix, code, n in grouped:
        table.setdefault(prefix, {})[code] = n
    stats = dict(
        (row[0], row[1:])
        for row in RolloutUnitStat.objects.filter(
            unit__path__startswith=unit.path,
            rollout__starts_on__lte=period.end,
            rollout__dissemination_due__gte=period.start,
        )
        .annotate(prefix=Substr("unit__path", 1, width))
        .values_list("prefix")
        .annotate(p=Sum("people"), e=Sum("exempt"), d=Sum("done"))
        .values_list("prefix", "p", "e", "d")
    )
    rows = []
    total_counts = [0] * len(levels)
    total_all = 0
    for child in children:
        cells = table.get(child.path, {})
        counts = [cells.get(lv.code, 0) for lv in levels]
        total = sum(cells.values())
        p, e, d = stats.get(child.path, (0, 0, 0))
        required = int(p or 0) - int(e or 0)
        percent = round(100 * int(d or 0) / required, 1) if required else None
        row = DistributionRow(child, counts, sum(counts), total, percent)
        top_two = counts[0] + counts[1] if len(counts) > 1 else counts[0]
        if row.decided >= 3 and top_two == row.decided and percent is not None and percent < 70:
            row.flags.append(
                f"Xếp loại toàn bộ từ “tốt” trở lên trong khi quán triệt mới đạt "
                f"{str(percent).replace('.', ',')}%"
            )
        rows.append(row)
        total_counts = [a + b for a, b in zip(total_counts, counts, strict=True)]
        total_all += total
    own = table.get(unit.path, {})
    own_counts = [own.get(lv.code, 0) for lv in levels]
    total_counts = [a + b for a, b in zip(total_counts, own_counts, strict=True)]
    total_all += sum(own.values())
    return levels, rows, DistributionRow(unit, total_counts, sum(total_counts), total_all)


def excellent_with_open_findings(
    *, period: EvaluationPeriod, unit: Unit
) -> list[tuple[Evaluation, list[Fact]]]:
    """People rated "xuất sắc" in the period while a finding naming them is still open."""
    rules = rules_for(period.rule_set)
    excellent = list(
        Evaluation.objects.filter(
            period=period,
            subject_kind=PERSON,
            unit__path__startswith=unit.path,
            status=S.DECIDED,
            final_level_id=rules.quota_level.id,
        ).select_related("person", "unit")
    )
    if not excellent:
        return []
    findings = collect(
        "finding",
        FactQuery(
            subject_kind=PERSON,
            ids=[int(e.person_id or 0) for e in excellent],
            start=period.start,
            end=period.end,
        ),
    )
    open_by: dict[int, list[Fact]] = {}
    for f in findings:
        if f.open:
            open_by.setdefault(f.subject_id, []).append(f)
    return [
        (e, open_by[int(e.person_id or 0)]) for e in excellent if int(e.person_id or 0) in open_by
    ]


# --- the "rating" facts ----------------------------------------------------------------


def rating_facts(query: FactQuery) -> list[Fact]:
    """Decided levels as facts. `start`/`end` bound the decision date; `directive_id` keeps the
    periods that overlap the directive's rollouts (a rating is about a period, not one
    directive); `actor` limits to what they may view (their own, or their scope)."""
    qs = Evaluation.objects.filter(subject_kind=query.subject_kind, status=S.DECIDED)
    if query.ids is not None:
        field_name = "person_id" if query.subject_kind == PERSON else "unit_id"
        qs = qs.filter(**{f"{field_name}__in": query.ids})
    if query.subtree_path:
        qs = qs.filter(unit__path__startswith=query.subtree_path)
    if query.start:
        qs = qs.filter(period__end__gte=query.start)
    if query.end:
        qs = qs.filter(period__start__lte=query.end)
    if query.directive_id is not None:
        first = (
            Rollout.objects.filter(directive_id=query.directive_id)
            .order_by("starts_on")
            .values_list("starts_on", flat=True)
            .first()
        )
        if first is None:
            return []
        qs = qs.filter(period__end__gte=first)
    if query.actor is not None:
        actor = query.actor
        qs = qs.filter(
            scoping.scope_q(actor, "evaluation.view", field="unit")
            | Q(person__user_id=int(getattr(actor, "pk", None) or -1))
        )
    rows = qs.select_related("final_level", "period", "unit").order_by("decided_at", "pk")
    facts = []
    for e in rows:
        level = e.final_level
        if level is None:
            continue
        decided = timezone.localdate(e.decided_at) if e.decided_at else e.period.end
        facts.append(
            Fact(
                kind="rating",
                subject_kind=e.subject_kind,
                subject_id=int((e.person_id if e.subject_kind == PERSON else e.unit_id) or 0),
                unit_id=int(e.unit_id),
                date=decided,
                code=level.code,
                label=level.name,
                url=reverse("evaluation_detail", args=[e.pk]),
                severity=level.rank - 1,
                extra={
                    "period": e.period.title,
                    "points": float(e.head_points or e.self_points or 0),
                },
            )
        )
    return facts


# --- work items --------------------------------------------------------------------------


def short_period(period: EvaluationPeriod) -> str:
    code = period.kind.code
    if code == "nam":
        return f"năm {period.end.year}"
    if code == "quy":
        return f"quý {(period.end.month - 1) // 3 + 1}/{period.end.year}"
    return period.title


def work_items(user: Any) -> list[WorkItem]:
    items: list[WorkItem] = []
    if not user.is_authenticated:
        return items
    today = timezone.localdate()
    own = (
        Evaluation.objects.filter(
            person__user=user,
            subject_kind=PERSON,
            status__in=[S.DRAFT, S.RETURNED],
            period__status=PeriodStatus.OPEN,
        )
        .select_related("period__kind")
        .order_by("period__self_due")
    )
    for e in own:
        period = e.period
        label = (
            f"Bản tự đánh giá {short_period(period)} bị trả lại"
            if e.status == S.RETURNED
            else f"Tự đánh giá {short_period(period)} chưa nộp"
        )
        items.append(
            WorkItem(
                label=label,
                count=1,
                url=reverse("my_evaluation", args=[e.pk]),
                urgency=2 if period.self_due < today else 1,
                group="Đánh giá, xếp loại",
                detail=f"Hạn nộp {period.self_due:%d/%m/%Y}",
            )
        )
    if not scoping.has_action(user, "evaluation.view"):
        return items
    waiting = [
        (S.SUBMITTED, "evaluation.review", "unit", "Bản tự đánh giá chờ góp ý"),
        (S.RESIDENCE, "evaluation.review", "unit", "Chờ ghi ý kiến của chi ủy nơi cư trú"),
        (S.COMMENTED, "evaluation.review", "unit", "Bản tự đánh giá chờ nhận xét"),
        (S.PROPOSED, "evaluation.decide", "body", "Chờ quyết định xếp loại"),
    ]
    for status, action, field_name, label in waiting:
        if not scoping.has_action(user, action):
            continue
        rows = (
            Evaluation.objects.filter(status=status, period__status=PeriodStatus.OPEN)
            .filter(scoping.scope_q(user, action, field=field_name))
            .exclude(person__user=user)
            .values_list("period_id")
            .annotate(n=Count("pk"))
            .values_list("period_id", "n")
        )
        for period_id, n in rows:
            url = (
                reverse("evaluation_decide", args=[period_id])
                if status == S.PROPOSED
                else reverse("evaluation_period", args=[period_id]) + f"?trang_thai={status}"
            )
            items.append(WorkItem(label, n, url, 0, "Đánh giá, xếp loại"))
    return items


def level_choices() -> list[RatingLevel]:
    return list(RatingLevel.objects.order_by("rank"))


def person_of(actor: Any) -> Person | None:
    return Person.objects.filter(user_id=int(getattr(actor, "pk", None) or 0)).first()


# --- rating a whole period at once (points → level → quota check) ------------------------


@dataclass
class RatingPreview:
    rated: int
    counts: list[tuple[Level, int]]
    bodies: int
    over_quota: list[tuple[Unit, str]]


def period_rating_preview(*, period: EvaluationPeriod, unit: Unit | None = None) -> RatingPreview:
    """Rates every person of the period (or of `unit`'s subtree) from the points they have:
    the decided level where there is one, else the level the points and the capping rules
    allow; then checks the quota of every competent body. One pass over plain rows (no model
    instances) and one facts query, so a province of 150,000 people takes seconds
    (benchmarks/evaluation_rating.py)."""
    rules = rules_for(period.rule_set)
    scope = unit or period.unit
    facts = collect(
        "discipline",
        FactQuery(subject_kind=PERSON, subtree_path=scope.path, start=period.start, end=period.end),
    )
    by_person: dict[int, list[Fact]] = {}
    for f in facts:
        by_person.setdefault(f.subject_id, []).append(f)
    quota_id, basis_id = rules.quota_level.id, rules.quota_basis_level.id
    counts: dict[int, int] = {}
    per_body: dict[int, list[int]] = {}
    rows = (
        Evaluation.objects.filter(period=period, subject_kind=PERSON)
        .filter(unit__path__startswith=scope.path)
        .values_list("person_id", "body_id", "head_points", "self_points", "final_level_id")
        .iterator(chunk_size=5000)
    )
    rated = 0
    for person_id, body_id, head, own, final in rows:
        if final is not None:
            level_id = final
        else:
            points = head if head is not None else own
            if points is None:
                continue
            caps = rules.caps_for(PERSON, by_person.get(person_id, [])) if by_person else []
            level_id = rules.allowed(points, caps).id
        rated += 1
        counts[level_id] = counts.get(level_id, 0) + 1
        tally = per_body.setdefault(body_id, [0, 0])
        if level_id == quota_id:
            tally[0] += 1
        elif level_id == basis_id:
            tally[1] += 1
    over_ids = {body_id: t for body_id, t in per_body.items() if t[0] > rules.quota_limit(t[1])}
    units = Unit.objects.in_bulk(list(over_ids))
    over = []
    for body_id, (excellent, basis) in sorted(over_ids.items(), key=lambda r: units[r[0]].path):
        message = rules.quota_message(excellent=excellent, basis=basis, where=units[body_id].name)
        if message:
            over.append((units[body_id], message))
    levels = sorted(rules.levels.values(), key=lambda lv: lv.rank)
    return RatingPreview(
        rated=rated,
        counts=[(lv, counts.get(lv.id, 0)) for lv in levels],
        bodies=len(per_body),
        over_quota=over,
    )


# --- the personal review form -----------------------------------------------------------

IN_SYSTEM_CATEGORIES = ("cong-chuc", "vien-chuc")


def review_form_variant(person: Person) -> str:
    """Which form of Hướng dẫn 43-HD/BTCTW the person's bản kiểm điểm follows: 2B for the
    head of a unit or a holder of the leader role, 2A for civil servants and public employees,
    2C for party members outside the political system."""
    leader = Assignment.objects.filter(person=person, role=Role.LEADER).exists()
    mask = sum(c.mask for c in PersonCategory.objects.filter(code__in=IN_SYSTEM_CATEGORIES))
    if person.is_head or leader:
        return "2B"
    return "2A" if person.category_mask & mask else "2C"


def evidence_lines(*, evaluation: Evaluation) -> list[str]:
    """What the system recorded for the person in the period, as lines for the form."""
    ev = evidence_for(evaluation=evaluation)
    lines = [
        f"Dự hội nghị quán triệt: {ev.sessions_attended} buổi"
        + (f", vắng {ev.sessions_absent}" if ev.sessions_absent else "")
        + (f"; học bù đạt {ev.makeup_passed}" if ev.makeup_passed else ""),
        f"Bản cam kết đã ký: {ev.commitments}/{ev.rollouts}",
        f"Nhiệm vụ phụ trách: hoàn thành {ev.tasks_done}/{ev.tasks_total}"
        + (f", quá hạn {ev.tasks_overdue}" if ev.tasks_overdue else ""),
    ]
    if ev.quiz_best is not None:
        lines.append(f"Bài kiểm tra: {ev.quiz_best}% ({'đạt' if ev.quiz_passed else 'chưa đạt'})")
    for label, facts in ev.facts:
        if facts:
            lines.append(f"{label}: " + "; ".join(f.label for f in facts))
    lines += [c.reason[:1].upper() + c.reason[1:] for c in ev.caps]
    return lines
